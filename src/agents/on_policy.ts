// What PPO and A2C share around their updates: collecting a rollout into the buffer (with GAE),
// checkpoints of the agent, its optimizer and the env statistics, and the final evaluation.
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../env/rng.ts';
import type { RunLogger } from '../logging/run.ts';
import { actAsync, predictValuesAsync, type ActionSpec } from './actor_critic.ts';
import { loadModel, loadOptimizer, primeOptimizer, saveModel, saveOptimizer } from './model_io.ts';
import { RolloutBuffer, type ObsArray } from './rollout_buffer.ts';
import { evaluateEpisodes, makeAtariRolloutEnv, makeControlEvalEnv, type RolloutEnv } from './rollout_envs.ts';

export interface OnPolicyState {
  iteration: number;   // updates done
  globalStep: number;  // env steps over all envs
  episodes: number;
  rng: number;         // seed of the agent's generator from this point on
  envState?: unknown;  // observation / reward normalisation statistics
}

/** Collects numSteps x numEnvs transitions with the current policy, then their advantages. */
export class RolloutCollector {
  obs!: ObsArray;
  readonly nextDone: Float32Array;
  /** Raw returns of the last 100 finished episodes. */
  readonly recent: number[] = [];
  episodes: number;

  constructor(
    readonly env: RolloutEnv, readonly buffer: RolloutBuffer, readonly rng: Rng,
    readonly o: { gamma: number; gaeLambda: number; bootstrapTruncation: boolean; run?: RunLogger; episodes?: number },
  ) {
    this.nextDone = new Float32Array(env.numEnvs);
    this.episodes = o.episodes ?? 0;
  }

  reset(seed: number): void {
    this.obs = this.env.reset(seed);
    this.nextDone.fill(0);
  }

  /** Fills the buffer; returns the global step after it. One read per step for all envs. */
  async collect(model: tf.LayersModel, globalStep: number): Promise<number> {
    const { env, buffer, o } = this;
    const n = env.numEnvs;
    for (let t = 0; t < buffer.numSteps; ++t) {
      globalStep += n;
      const a = await actAsync(model, this.obs, n, env.action, this.rng);
      buffer.add(t, this.obs, this.nextDone, a.actions, a.logProbs, a.values);
      const r = env.step(a.actions);
      // A time limit is not a failure: bootstrap its last reward with V(last observation) (SB3's fix).
      const cut: number[] = [];
      for (let i = 0; i < n; ++i) {
        buffer.rewards[t * n + i] = r.rewards[i];
        this.nextDone[i] = r.terminated[i] || r.truncated[i] ? 1 : 0;
        if (o.bootstrapTruncation && r.truncated[i] && !r.terminated[i] && r.finalObs(i)) cut.push(i);
      }
      if (cut.length) {
        const finals = env.obsType === 'uint8' ? new Uint8Array(cut.length * env.obsSize) : new Float32Array(cut.length * env.obsSize);
        cut.forEach((i, k) => finals.set(r.finalObs(i)!, k * env.obsSize));
        const v = await predictValuesAsync(model, finals, cut.length);
        cut.forEach((i, k) => (buffer.rewards[t * n + i] += o.gamma * v[k]));
      }
      for (const e of r.episodes) {
        this.episodes++;
        this.recent.push(e.return);
        if (this.recent.length > 100) this.recent.shift();
        o.run?.scalar('charts/episodic_return', e.return, globalStep);
        o.run?.scalar('charts/episodic_length', e.length, globalStep);
        o.run?.metrics({ step: globalStep, episode: this.episodes, return: e.return, length: e.length });
      }
      this.obs = r.obs;
    }
    buffer.computeReturnsAndAdvantages(await predictValuesAsync(model, this.obs, n), this.nextDone, o.gamma, o.gaeLambda);
    return globalStep;
  }

  meanRecent(): number {
    return this.recent.length ? this.recent.reduce((s, v) => s + v, 0) / this.recent.length : NaN;
  }
}

/** Copies the chosen rows of a row-major array into a new one (a minibatch). */
export function gatherRows<T extends Float32Array | Uint8Array>(src: T, rowSize: number, rows: ArrayLike<number>): T {
  const out = new (src.constructor as new (n: number) => T)(rows.length * rowSize);
  for (let k = 0; k < rows.length; ++k) out.set(src.subarray(rows[k] * rowSize, (rows[k] + 1) * rowSize), k * rowSize);
  return out;
}

/** Fisher-Yates with the agent's generator. */
export function shuffle(a: Int32Array, rng: Rng): void {
  for (let i = a.length - 1; i > 0; --i) {
    const j = rng.integers(0, i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

export async function saveAgentCheckpoint(run: RunLogger, model: tf.LayersModel, opt: tf.Optimizer, state: OnPolicyState): Promise<void> {
  await run.checkpoint(state.globalStep, async (dir) => {
    fs.mkdirSync(path.join(dir, 'agent'));
    await saveModel(model, path.join(dir, 'agent'));
    await saveOptimizer(opt, dir);
    fs.writeFileSync(path.join(dir, 'state.json'), JSON.stringify(state, null, 2) + '\n');
  });
}

/** The agent of a checkpoint directory; with an optimizer, its slots are restored too. */
export async function loadAgentCheckpoint(dir: string, opt?: tf.Optimizer): Promise<{ model: tf.LayersModel; state: OnPolicyState }> {
  const model = await loadModel(path.join(dir, 'agent'));
  const state = JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8')) as OnPolicyState;
  if (opt) {
    primeOptimizer(model, opt);
    await loadOptimizer(opt, dir);
  }
  return { model, state };
}

/**
 * Evaluation episodes with the policy's mode (argmax / mean) unless `stochastic`: full Atari
 * games with raw scores, or classic envs with the training statistics frozen; classic episodes
 * can be recorded.
 */
export async function evaluateAgent(
  model: tf.LayersModel, target: { env?: string; game?: string; maxEpisodeFrames?: number }, action: ActionSpec,
  o: { episodes: number; seed: number; envState?: unknown; stochastic?: boolean; video?: { folder: string; prefix: string; episodes: number } },
): Promise<number[]> {
  if (o.episodes <= 0) return [];
  const rng = new Rng(o.seed);
  const policy = async (obs: ObsArray) => (await actAsync(model, obs, 1, action, rng, !o.stochastic)).actions;
  if (target.game) return evaluateEpisodes(makeAtariRolloutEnv(target.game, 1, { training: false, maxEpisodeFrames: target.maxEpisodeFrames, numThreads: 1 }), o.episodes, o.seed, policy);
  const { env, recorder } = makeControlEvalEnv(target.env!, o.envState, o.video);
  return evaluateEpisodes(env, o.episodes, o.seed, policy, recorder);
}
