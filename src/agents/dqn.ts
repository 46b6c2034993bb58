// Deep Q-Network on Atari pixels (Mnih et al. 2015), written top to bottom like CleanRL's
// dqn_atari.py: the network, the update, then the training loop. Options: the 2013 paper's
// smaller net, MSE loss, RMSProp, soft target updates, Double DQN, a dueling head, n-step
// returns and prioritized replay.
import * as tf from '@tensorflow/tfjs';
import { make } from '../index.ts'; // index registers the Atari ids
import { Rng } from '../env/rng.ts';
import type { Env } from '../env/core.ts';
import type { AtariEnv } from '../env/atari.ts';
import { wrapDeepMind } from '../wrappers/atari_wrappers.ts';
import { RecordVideo } from '../wrappers/record_video.ts';
import type { LazyFrames } from '../wrappers/lazy_frames.ts';
import { ReplayMemory } from './replay.ts';
import { linearSchedule, exponentialSchedule } from './schedules.ts';
import { DuelingCombine, ScalePixels } from './layers.ts';
import { atariEnvId } from './atari_ids.ts';
import type { RunLogger } from '../logging/run.ts';
import { loadModel, loadOptimizer, primeOptimizer, saveModel, saveOptimizer } from './model_io.ts';

export interface DqnConfig {
  game: string;             // ROM id, e.g. 'breakout'
  seed: number;
  totalSteps: number;       // agent steps (each = 4 emulator frames)
  bufferSize: number;
  learningRate: number;
  batchSize: number;
  gamma: number;
  trainFrequency: number;
  targetUpdateFrequency: number; // steps between target updates
  tau: number;              // 1 = hard copy; < 1 = soft update every targetUpdateFrequency steps
  learningStarts: number;
  epsilonStart: number;
  epsilonEnd: number;
  explorationFraction: number; // linear schedule: fraction of totalSteps to anneal over
  epsilonSchedule: 'linear' | 'exponential';
  epsilonDecay: number;     // exponential schedule: steps per e-fold
  network: 'nature' | 'small';
  loss: 'huber' | 'mse';
  optimizer: 'adam' | 'rmsprop';
  maxGradNorm: number;      // 0 = no clipping
  double: boolean;
  dueling: boolean;
  nStep: number;
  prioritized: boolean;
  priorityAlpha: number;
  priorityBeta: number;     // annealed to 1 over the run
  evalEpisodes: number;
  evalEpsilon: number;
  evalVideos: number;       // evaluation episodes recorded as mp4 into the run's videos/ folder
  checkpointFrequency: number; // steps; 0 = only at the end
  maxEpisodeFrames: number;    // per-episode emulator frame cap (ALE's max_num_frames_per_episode)
}

/** CleanRL's dqn_atari.py defaults. */
export const defaultDqnConfig: DqnConfig = {
  game: 'breakout',
  seed: 1,
  totalSteps: 10_000_000,
  bufferSize: 1_000_000,
  learningRate: 1e-4,
  batchSize: 32,
  gamma: 0.99,
  trainFrequency: 4,
  targetUpdateFrequency: 1000,
  tau: 1,
  learningStarts: 80_000,
  epsilonStart: 1,
  epsilonEnd: 0.01,
  explorationFraction: 0.1,
  epsilonSchedule: 'linear',
  epsilonDecay: 1_000_000,
  network: 'nature',
  loss: 'huber',
  optimizer: 'adam',
  maxGradNorm: 0,
  double: false,
  dueling: false,
  nStep: 1,
  prioritized: false,
  priorityAlpha: 0.6,
  priorityBeta: 0.4,
  evalEpisodes: 10,
  evalEpsilon: 0.05,
  evalVideos: 1,
  checkpointFrequency: 100_000,
  maxEpisodeFrames: 108_000,
};

// ---------------------------------------------------------------------------------------------
// Network: uint8 stack [4, 84, 84] in, Q-values out. Scaling and the channel move happen inside.

export function buildQNetwork(nActions: number, c: Pick<DqnConfig, 'network' | 'dueling' | 'seed'>, stack = 4, size = 84): tf.LayersModel {
  let seed = c.seed * 7919;
  const init = () => tf.initializers.heUniform({ seed: seed++ });
  const input = tf.input({ shape: [stack, size, size] });
  let x = new ScalePixels({}).apply(input) as tf.SymbolicTensor;
  x = tf.layers.permute({ dims: [2, 3, 1] }).apply(x) as tf.SymbolicTensor; // to NHWC
  const convs: [number, number, number][] =
    c.network === 'nature' ? [[32, 8, 4], [64, 4, 2], [64, 3, 1]] : [[16, 8, 4], [32, 4, 2]];
  for (const [filters, kernelSize, strides] of convs)
    x = tf.layers.conv2d({ filters, kernelSize, strides, activation: 'relu', kernelInitializer: init() }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
  const hidden = c.network === 'nature' ? 512 : 256;
  const dense = (units: number, activation?: 'relu') =>
    tf.layers.dense({ units, activation, kernelInitializer: init() });
  let q: tf.SymbolicTensor;
  if (c.dueling) {
    const v = dense(1).apply(dense(hidden, 'relu').apply(x)) as tf.SymbolicTensor;
    const a = dense(nActions).apply(dense(hidden, 'relu').apply(x)) as tf.SymbolicTensor;
    q = new DuelingCombine({}).apply([v, a]) as tf.SymbolicTensor;
  } else {
    q = dense(nActions).apply(dense(hidden, 'relu').apply(x)) as tf.SymbolicTensor;
  }
  return tf.model({ inputs: input, outputs: q });
}

export function makeOptimizer(c: Pick<DqnConfig, 'optimizer' | 'learningRate'>): tf.Optimizer {
  // Adam's epsilon as SB3/CleanRL Atari runs use it (1e-8 for PyTorch defaults); RMSProp as in the 2015 paper.
  return c.optimizer === 'adam' ? tf.train.adam(c.learningRate, 0.9, 0.999, 1e-8) : tf.train.rmsprop(c.learningRate, 0.95, 0, 0.01, true);
}

// ---------------------------------------------------------------------------------------------
// One gradient step on a sampled batch.

interface Batch {
  obs: Uint8Array; nextObs: Uint8Array; actions: Int32Array; rewards: Float32Array;
  dones: Float32Array; discounts: Float32Array; weights: Float32Array; size: number;
}

export function trainStep(
  online: tf.LayersModel, target: tf.LayersModel, opt: tf.Optimizer, b: Batch,
  c: Pick<DqnConfig, 'double' | 'loss' | 'maxGradNorm'>, nActions: number,
): { loss: number; meanQ: number; tdErrors: Float32Array } {
  const shape = [b.size, ...(online.inputs[0].shape.slice(1) as number[])];
  const result = tf.tidy(() => {
    const obs = tf.tensor(b.obs, shape, 'float32');
    const nextObs = tf.tensor(b.nextObs, shape, 'float32');
    // Target: r + gamma^k * Q_target(s', argmax) for non-terminal transitions, no gradient.
    const nextQ = target.predict(nextObs) as tf.Tensor2D;
    const nextBest = c.double
      ? tf.sum(tf.mul(nextQ, tf.oneHot(tf.argMax(online.predict(nextObs) as tf.Tensor2D, 1), nActions)), 1)
      : tf.max(nextQ, 1);
    const notDone = tf.sub(1, tf.tensor1d(b.dones));
    const y = tf.add(tf.tensor1d(b.rewards), tf.mul(tf.mul(tf.tensor1d(b.discounts), notDone), nextBest));
    const onehot = tf.oneHot(tf.tensor1d(b.actions, 'int32'), nActions);
    const weights = tf.tensor1d(b.weights);
    let td: tf.Tensor = tf.zeros([b.size]);
    let qMean: tf.Tensor = tf.scalar(0);
    const { value, grads } = tf.variableGrads(() => {
      const q = online.apply(obs, { training: true }) as tf.Tensor2D;
      const qa = tf.sum(tf.mul(q, onehot), 1);
      const err = tf.sub(y, qa);
      td = tf.keep(err);
      qMean = tf.keep(tf.mean(qa));
      const abs = tf.abs(err);
      // Huber with delta 1 (PyTorch's smooth_l1_loss), or squared error.
      const perSample = c.loss === 'huber'
        ? tf.add(tf.mul(0.5, tf.square(tf.minimum(abs, 1))), tf.sub(abs, tf.minimum(abs, 1)))
        : tf.square(err);
      return tf.mean(tf.mul(perSample, weights)) as tf.Scalar;
    }, online.trainableWeights.map((w) => w.read() as tf.Variable));
    if (c.maxGradNorm > 0) clipByGlobalNorm(grads, c.maxGradNorm);
    opt.applyGradients(grads);
    return { value, td, qMean };
  });
  const out = { loss: result.value.dataSync()[0], meanQ: result.qMean.dataSync()[0], tdErrors: result.td.dataSync() as Float32Array };
  tf.dispose([result.value, result.td, result.qMean]);
  return out;
}

/** Scale all gradients together so their joint L2 norm is at most maxNorm (torch's clip_grad_norm_). */
export function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): void {
  const names = Object.keys(grads);
  const norm = tf.sqrt(tf.addN(names.map((n) => tf.sum(tf.square(grads[n])))));
  const scale = tf.minimum(1, tf.div(maxNorm, tf.add(norm, 1e-6)));
  for (const n of names) grads[n] = tf.mul(grads[n], scale);
}

/** Hard copy (tau = 1) or Polyak average of the online weights into the target network. */
export function updateTarget(online: tf.LayersModel, target: tf.LayersModel, tau: number): void {
  tf.tidy(() => {
    const src = online.getWeights();
    if (tau >= 1) return target.setWeights(src);
    const dst = target.getWeights();
    target.setWeights(src.map((w, i) => tf.add(tf.mul(tau, w), tf.mul(1 - tau, dst[i]))));
  });
}

/** Greedy action for one stacked observation. */
export function greedyAction(model: tf.LayersModel, obs: Uint8Array): number {
  const shape = [1, ...(model.inputs[0].shape.slice(1) as number[])];
  return tf.tidy(() => (tf.argMax(model.predict(tf.tensor(obs, shape, 'float32')) as tf.Tensor2D, 1).dataSync()[0]));
}

// ---------------------------------------------------------------------------------------------
// Environments: the DeepMind pipeline on NoFrameskip-v4, raw scores in info.episode.

export function makeAtariEnv(
  game: string, maxEpisodeFrames: number, training = true, wrapBase?: (e: Env<Uint8Array, number>) => Env<Uint8Array, number>,
): Env<LazyFrames, number> {
  const base = make(atariEnvId(game), { obsType: 'none', maxNumFramesPerEpisode: maxEpisodeFrames }) as unknown as AtariEnv;
  return wrapDeepMind((wrapBase ? wrapBase(base) : base) as never, { episodicLife: training, clipRewards: training });
}

// ---------------------------------------------------------------------------------------------
// Training loop.

export interface DqnState {
  step: number;
  episodes: number;
  trainSteps: number;
  rng: number;           // seed of the agent's exploration generator at this step
}

export interface DqnRunResult {
  steps: number;
  episodes: number;
  evalReturns: number[];
  stepsPerSecond: number;
}

export async function trainDqn(c: DqnConfig, run: RunLogger, resumeFrom?: string): Promise<DqnRunResult> {
  const env = makeAtariEnv(c.game, c.maxEpisodeFrames);
  const nActions = (env.actionSpace as unknown as { n: number }).n;
  const online = resumeFrom ? await loadModel(`${resumeFrom}/online`) : buildQNetwork(nActions, c);
  const target = buildQNetwork(nActions, c);
  target.trainable = false;
  updateTarget(online, target, 1);
  const opt = makeOptimizer(c);
  const state: DqnState = { step: 0, episodes: 0, trainSteps: 0, rng: c.seed };
  if (resumeFrom) {
    Object.assign(state, run.readJson(`${resumeFrom}/state.json`));
    if (run.exists(`${resumeFrom}/target`)) target.setWeights((await loadModel(`${resumeFrom}/target`)).getWeights());
    // Adam's slots only exist after a first update: make one of size zero, then overwrite them.
    primeOptimizer(online, opt);
    await loadOptimizer(opt, resumeFrom);
    run.log(`resumed from ${resumeFrom} at step ${state.step} (replay memory refills: learning resumes after ${c.learningStarts} new steps)`);
  }
  const rng = new Rng(state.rng);
  const mem = new ReplayMemory({
    capacity: c.bufferSize, frameShape: [84, 84], stack: 4, gamma: c.gamma, nStep: c.nStep, seed: c.seed + state.step,
    prioritized: c.prioritized ? { alpha: c.priorityAlpha } : undefined,
  });
  const epsilon = c.epsilonSchedule === 'linear'
    ? linearSchedule(c.epsilonStart, c.epsilonEnd, c.explorationFraction * c.totalSteps)
    : exponentialSchedule(c.epsilonStart, c.epsilonEnd, c.epsilonDecay);
  const startStep = state.step;
  const learnFrom = startStep + c.learningStarts;

  let obs = env.reset({ seed: c.seed + state.episodes }).observation;
  mem.startEpisode(obs.frame(3));
  const recent: number[] = [];
  const progress = run.progress(c.totalSteps, startStep);
  const t0 = Date.now();
  let lastLoss = NaN;

  for (let step = startStep; step < c.totalSteps; ++step) {
    const eps = epsilon(step);
    const action = rng.random() < eps ? rng.integers(0, nActions) : greedyAction(online, obs.toArray());
    const r = env.step(action);
    mem.add(action, r.reward, r.observation.frame(3), r.terminated, r.truncated);
    const episode = r.info.episode as { r: number; l: number } | undefined;
    if (episode) {
      state.episodes++;
      recent.push(episode.r);
      if (recent.length > 100) recent.shift();
      run.scalar('charts/episodic_return', episode.r, step);
      run.scalar('charts/episodic_length', episode.l, step);
      run.metrics({ step, episode: state.episodes, return: episode.r, length: episode.l });
    }
    if (r.terminated || r.truncated) {
      obs = env.reset().observation;
      mem.startEpisode(obs.frame(3));
    } else {
      obs = r.observation;
    }

    if (step >= learnFrom && step % c.trainFrequency === 0) {
      const beta = c.priorityBeta + (1 - c.priorityBeta) * (step / c.totalSteps);
      const batch = mem.sample(c.batchSize, beta);
      const out = trainStep(online, target, opt, batch, c, nActions);
      if (c.prioritized) mem.updatePriorities(batch.indices, out.tdErrors);
      state.trainSteps++;
      lastLoss = out.loss;
      if (state.trainSteps % 25 === 0) {
        run.scalar('losses/td_loss', out.loss, step);
        run.scalar('losses/q_values', out.meanQ, step);
        run.scalar('charts/epsilon', eps, step);
        run.scalar('charts/SPS', ((step - startStep) * 1000) / (Date.now() - t0), step);
      }
    }
    if (step >= learnFrom && step % c.targetUpdateFrequency === 0) updateTarget(online, target, c.tau);

    const done = step + 1;
    if (done % 500 === 0) await new Promise((r) => setImmediate(r)); // let timers and I/O (TensorBoard flushes) run
    progress.tick(done, { eps: eps.toFixed(3), return: recent.length ? mean(recent).toFixed(1) : '-', loss: Number.isNaN(lastLoss) ? '-' : lastLoss.toFixed(4) });
    if (c.checkpointFrequency > 0 && done % c.checkpointFrequency === 0 && done < c.totalSteps) {
      await saveDqnCheckpoint(run, online, target, opt, { ...state, step: done, rng: rng.nextU32() });
    }
  }
  progress.finish();
  const finalState = { ...state, step: c.totalSteps, rng: rng.nextU32() };
  await saveDqnCheckpoint(run, online, target, opt, finalState);
  const evalReturns = await evaluate(online, c, c.evalEpisodes, c.evalEpsilon, c.seed + 100_000,
    c.evalVideos > 0 ? { folder: `${run.dir}/videos`, episodes: c.evalVideos, prefix: `eval-step-${c.totalSteps}` } : undefined);
  evalReturns.forEach((ret, i) => run.scalar('eval/episodic_return', ret, i));
  run.metrics({ step: c.totalSteps, eval_returns: evalReturns });
  env.close();
  const sps = ((c.totalSteps - startStep) * 1000) / Math.max(1, Date.now() - t0);
  return { steps: c.totalSteps, episodes: state.episodes, evalReturns, stepsPerSecond: sps };
}

/**
 * Full-game episodes (no life-loss resets, raw rewards) at a small epsilon; the first `video.episodes`
 * are recorded frame by frame (60 fps) as mp4 files.
 */
export async function evaluate(
  model: tf.LayersModel, c: Pick<DqnConfig, 'game' | 'maxEpisodeFrames'>, episodes: number, eps: number, seed: number,
  video?: { folder: string; episodes: number; prefix: string },
): Promise<number[]> {
  let recorder: RecordVideo<Uint8Array, number> | undefined;
  const env = makeAtariEnv(c.game, c.maxEpisodeFrames, false, video && ((base) => {
    recorder = new RecordVideo(base, { videoFolder: video.folder, namePrefix: video.prefix, episodeTrigger: (id) => id < video.episodes });
    return recorder;
  }));
  const n = (env.actionSpace as unknown as { n: number }).n;
  const rng = new Rng(seed);
  const returns: number[] = [];
  let obs = env.reset({ seed }).observation;
  while (returns.length < episodes) {
    const a = rng.random() < eps ? rng.integers(0, n) : greedyAction(model, obs.toArray());
    const r = env.step(a);
    obs = r.observation;
    const ep = r.info.episode as { r: number } | undefined;
    if (ep) returns.push(ep.r);
    if ((r.terminated || r.truncated) && returns.length < episodes) obs = env.reset().observation;
    await recorder?.ready();
  }
  await recorder?.finish();
  env.close();
  return returns;
}

async function saveDqnCheckpoint(run: RunLogger, online: tf.LayersModel, target: tf.LayersModel, opt: tf.Optimizer, state: DqnState): Promise<void> {
  await run.checkpoint(state.step, async (dir) => {
    await run.mkdir(`${dir}/online`);
    await saveModel(online, `${dir}/online`);
    await run.mkdir(`${dir}/target`);
    await saveModel(target, `${dir}/target`);
    await saveOptimizer(opt, dir);
    run.writeJson(`${dir}/state.json`, state);
  });
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
