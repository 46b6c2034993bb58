// A trained DQN agent as a policy over the DeepMind pipeline's stacked frames, loaded from a run
// directory (its latest complete checkpoint) or from one checkpoint directory.
import fs from 'node:fs';
import path from 'node:path';
import type { Env } from '../env/core.ts';
import { Rng } from '../env/rng.ts';
import type { Discrete } from '../env/spaces.ts';
import type { LazyFrames } from '../wrappers/lazy_frames.ts';
import { resolveCheckpointArg } from '../io/checkpoint_manifest.ts';
import { selectBackend } from '../tf/backend.ts';
import { greedyAction } from './dqn.ts';
import { loadModel } from './model_io.ts';

export type StackPolicy = (env: Env<LazyFrames, number>) => (obs: LazyFrames) => number;

export async function loadDqnPolicy(dir: string, game: string, epsilon: number, seed: number, backend = 'auto', strict = false): Promise<StackPolicy> {
  if (!fs.existsSync(dir)) throw new Error(`--checkpoint ${dir} does not exist`);
  // Verified against its manifest; a run directory gives its newest intact checkpoint.
  const choice = resolveCheckpointArg(dir, (d) => fs.existsSync(path.join(d, 'online', 'model.json')), { strict });
  for (const w of choice.warnings) console.error(w);
  const ckpt = choice.dir;
  // The run's config says which game the agent learnt.
  for (const cfgFile of [path.join(dir, 'config.json'), path.join(ckpt, '..', '..', 'config.json')]) {
    if (!fs.existsSync(cfgFile)) continue;
    const trained = JSON.parse(fs.readFileSync(cfgFile, 'utf8')).game;
    if (trained && trained !== game) throw new Error(`${dir} is an agent for ${trained}, not ${game}; pass --game ${trained}`);
    break;
  }
  await selectBackend(backend);
  const model = await loadModel(path.join(ckpt, 'online'));
  const outputs = model.outputs[0].shape[1];
  return (env) => {
    const n = (env.actionSpace as Discrete).n;
    if (outputs !== n) throw new Error(`the checkpoint's network has ${outputs} actions but ${game} has ${n}`);
    const rng = new Rng(seed);
    return (obs) => (rng.random() < epsilon ? rng.integers(0, n) : greedyAction(model, obs.toArray()));
  };
}
