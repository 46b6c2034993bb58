// A trained PPO or A2C Atari agent as a policy over the DeepMind pipeline's stacked frames (for
// npm run render): the mode of its categorical policy, or with `epsilon` a random action that often.
import fs from 'node:fs';
import path from 'node:path';
import type { Env } from '../env/core.ts';
import { Rng } from '../env/rng.ts';
import type { Discrete } from '../env/spaces.ts';
import type { LazyFrames } from '../wrappers/lazy_frames.ts';
import { findLatestCheckpoint } from '../io/atomic.ts';
import { resolveCheckpointArg } from '../io/checkpoint_manifest.ts';
import { selectBackend } from '../tf/backend.ts';
import { act } from './actor_critic.ts';
import { loadModel } from './model_io.ts';

/** The checkpoint directory of an actor-critic agent (a run directory or one checkpoint), or undefined. */
export function actorCriticCheckpoint(dir: string): string | undefined {
  if (fs.existsSync(path.join(dir, 'agent', 'model.json'))) return dir;
  const latest = findLatestCheckpoint(dir);
  return latest && fs.existsSync(path.join(latest, 'agent', 'model.json')) ? latest : undefined;
}

export async function loadActorCriticPolicy(dir: string, game: string, epsilon: number, seed: number, backend = 'auto', strict = false): Promise<(env: Env<LazyFrames, number>) => (obs: LazyFrames) => number> {
  // Verified against its manifest; a run directory gives its newest intact checkpoint.
  const choice = resolveCheckpointArg(dir, (d) => fs.existsSync(path.join(d, 'agent', 'model.json')), { strict });
  for (const w of choice.warnings) console.error(w);
  const ckpt = choice.dir;
  for (const cfgFile of [path.join(dir, 'config.json'), path.join(ckpt, '..', '..', 'config.json')]) {
    if (!fs.existsSync(cfgFile)) continue;
    const cfg = JSON.parse(fs.readFileSync(cfgFile, 'utf8'));
    if (!cfg.game) throw new Error(`${dir} is a ${cfg.algo ?? 'classic-control'} agent for ${cfg.env}, not an Atari one: its evaluation videos are in its videos/ folder`);
    if (cfg.game !== game) throw new Error(`${dir} is an agent for ${cfg.game}, not ${game}; pass --game ${cfg.game}`);
    break;
  }
  await selectBackend(backend, { syncReads: true });
  const model = await loadModel(path.join(ckpt, 'agent'));
  const outputs = model.outputs[0].shape[1];
  return (env) => {
    const n = (env.actionSpace as Discrete).n;
    if (outputs !== n) throw new Error(`the checkpoint's policy has ${outputs} actions but ${game} has ${n}`);
    const rng = new Rng(seed);
    return (obs) => (rng.random() < epsilon ? rng.integers(0, n) : act(model, obs.toArray(), 1, { type: 'discrete', n }, rng, true).actions[0]);
  };
}
