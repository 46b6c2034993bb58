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

/**
 * The checkpoint a --checkpoint argument names, verified against its manifest (a run directory
 * gives its newest intact one; warnings go to stderr), and the game the run's config names.
 */
export function findDqnCheckpoint(dir: string, strict = false): { ckpt: string; trainedGame?: string } {
  if (!fs.existsSync(dir)) throw new Error(`--checkpoint ${dir} does not exist`);
  const choice = resolveCheckpointArg(dir, (d) => fs.existsSync(path.join(d, 'online', 'model.json')), { strict });
  for (const w of choice.warnings) console.error(w);
  const ckpt = choice.dir;
  // The run's config says which game the agent learnt.
  for (const cfgFile of [path.join(dir, 'config.json'), path.join(ckpt, '..', '..', 'config.json')]) {
    if (!fs.existsSync(cfgFile)) continue;
    const trained = JSON.parse(fs.readFileSync(cfgFile, 'utf8')).game;
    return { ckpt, trainedGame: typeof trained === 'string' && trained ? trained : undefined };
  }
  return { ckpt };
}

export async function loadDqnPolicy(dir: string, game: string, epsilon: number, seed: number, backend = 'auto', strict = false): Promise<StackPolicy> {
  const { ckpt, trainedGame } = findDqnCheckpoint(dir, strict);
  if (trainedGame && trainedGame !== game) throw new Error(`${dir} is an agent for ${trainedGame}, not ${game}; pass --game ${trainedGame}`);
  await selectBackend(backend, { syncReads: true });
  const model = await loadModel(path.join(ckpt, 'online'));
  const outputs = model.outputs[0].shape[1];
  return (env) => {
    const n = (env.actionSpace as Discrete).n;
    if (outputs !== n) throw new Error(`the checkpoint's network has ${outputs} actions but ${game} has ${n}`);
    const rng = new Rng(seed);
    return (obs) => (rng.random() < epsilon ? rng.integers(0, n) : greedyAction(model, obs.toArray()));
  };
}
