// Deep Q-Network on Atari pixels (Mnih et al. 2015), written top to bottom like CleanRL's
// dqn_atari.py: the network, the update, then the training loop. Options: the 2013 paper's
// smaller net, MSE loss, RMSProp, soft target updates, Double DQN, a dueling head, n-step
// returns and prioritized replay.
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { floatTensor } from '../tf/float_tensor.ts';
import { make } from '../index.ts'; // index registers the Atari ids
import { Rng } from '../env/rng.ts';
import type { Env } from '../env/core.ts';
import type { AtariEnv } from '../env/atari.ts';
import { wrapDeepMind } from '../wrappers/atari_wrappers.ts';
import { RecordVideo } from '../wrappers/record_video.ts';
import type { LazyFrames } from '../wrappers/lazy_frames.ts';
import { ReplayMemory, replayLayout, type ReplayOptions } from './replay.ts';
import { checkSavedReplay, ReplayDamagedError, ReplayMismatchError, ReplayStore, replayProblem } from './replay_store.ts';
import { ReplayStreams, ReplayStreamsStore, checkSavedStreams } from './replay_streams.ts';
import { linearSchedule, exponentialSchedule } from './schedules.ts';
import { AtariVectorEnv } from '../env/vector.ts';
import { DuelingCombine, ScalePixels } from './layers.ts';
import { atariEnvId } from './atari_ids.ts';
import type { RunLogger } from '../logging/run.ts';
import { loadModel, loadOptimizer, primeOptimizer, saveModel, saveOptimizer } from './model_io.ts';
import { readFloats, readInts, syncReads } from '../tf/read.ts';

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
  init: 'torch' | 'he';     // weight initialisation: PyTorch's layer defaults, or He uniform with zero biases
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
  maxEpisodeFrames: number;    // per-episode emulator frame cap (ALE's max_num_frames_per_episode); 0 = none
  saveReplay: boolean;         // checkpoints hold the replay memory, so a resume continues learning at once
  numEnvs: number;             // envs stepped together by the native vector env (> 1: trainDqnVector)
  gradientSteps: number;       // gradient steps per train (SB3's gradient_steps)
}

/**
 * CleanRL's dqn_atari.py defaults (its Args dataclass, and the evaluation it runs after training);
 * DQN_FLAG_HELP says where each one comes from.
 */
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
  init: 'torch',
  loss: 'mse',
  optimizer: 'adam',
  maxGradNorm: 0,
  double: false,
  dueling: false,
  nStep: 1,
  prioritized: false,
  priorityAlpha: 0.6,
  priorityBeta: 0.4,
  evalEpisodes: 10,
  evalEpsilon: 0.01,
  evalVideos: 1,
  checkpointFrequency: 100_000,
  maxEpisodeFrames: 0,
  saveReplay: true,
  numEnvs: 1,
  gradientSteps: 1,
};

/** Where each default comes from, for --help. "CleanRL" is cleanrl/dqn_atari.py. */
export const DQN_FLAG_HELP: Record<keyof DqnConfig, string> = {
  game: 'ROM id; CleanRL: env_id BreakoutNoFrameskip-v4 (this trains <Game>NoFrameskip-v4)',
  seed: 'CleanRL: seed 1',
  totalSteps: 'agent steps of 4 frames; CleanRL: total_timesteps 10,000,000',
  bufferSize: 'replay memory in transitions; CleanRL: buffer_size 1,000,000',
  learningRate: 'CleanRL: learning_rate 1e-4',
  batchSize: 'CleanRL: batch_size 32',
  gamma: 'CleanRL: gamma 0.99',
  trainFrequency: 'a gradient step every N agent steps; CleanRL: train_frequency 4',
  targetUpdateFrequency: 'agent steps between target updates; CleanRL: target_network_frequency 1000',
  tau: 'target update rate, 1 = hard copy; CleanRL: tau 1.0',
  learningStarts: 'updates begin after this step (CleanRL: global_step > learning_starts, 80,000)',
  epsilonStart: 'CleanRL: start_e 1',
  epsilonEnd: 'CleanRL: end_e 0.01',
  explorationFraction: 'fraction of --total-steps epsilon anneals over; CleanRL: exploration_fraction 0.10',
  epsilonSchedule: 'linear: CleanRL linear_schedule; exponential: the PyTorch DQN tutorial',
  epsilonDecay: 'steps per e-fold of the exponential schedule (PyTorch DQN tutorial); unused by linear',
  network: 'nature: CleanRL QNetwork (Mnih et al. 2015); small: Mnih et al. 2013',
  init: "torch: PyTorch's Conv2d/Linear default, weights and biases U(+-1/sqrt(fan_in)), as CleanRL; he: He uniform, zero biases",
  loss: 'mse: CleanRL F.mse_loss; huber: smooth L1 with delta 1 (SB3, Dopamine)',
  optimizer: "adam: CleanRL optim.Adam with PyTorch's defaults (betas 0.9, 0.999, eps 1e-8); rmsprop: Mnih et al. 2015",
  maxGradNorm: 'global gradient norm clip, 0 = none; CleanRL: none (SB3: 10)',
  double: 'Double DQN (van Hasselt et al. 2016); CleanRL dqn_atari: off',
  dueling: 'dueling head (Wang et al. 2016); CleanRL dqn_atari: off',
  nStep: 'n-step returns; CleanRL dqn_atari: 1',
  prioritized: 'prioritized replay (Schaul et al. 2016); CleanRL dqn_atari: uniform',
  priorityAlpha: 'priority exponent; Schaul et al. 2016: 0.6',
  priorityBeta: 'importance-weight exponent, annealed to 1; Schaul et al. 2016: 0.4',
  evalEpisodes: 'episodes played after training; CleanRL: dqn_eval.evaluate(eval_episodes=10)',
  evalEpsilon: 'CleanRL: dqn_eval.evaluate(epsilon=end_e), 0.01 (Mnih et al. 2015 used 0.05)',
  evalVideos: 'evaluation episodes recorded as mp4 in the run\'s videos/ (CleanRL evaluates with capture_video)',
  checkpointFrequency: 'agent steps between checkpoints, 0 = only at the end (CleanRL saves once, at the end)',
  maxEpisodeFrames: "emulator frames per episode, 0 = only NoFrameskip-v4's 400,000-frame limit (CleanRL: gym.make's); 108000 = SB3's cap",
  saveReplay: 'checkpoints hold the replay memory, written incrementally, so --resume learns at once (not in CleanRL)',
  numEnvs: 'games stepped together on native threads, one batched forward for all; CleanRL dqn_atari: 1. Above 1, as SB3 with n_envs: ' +
    '--total-steps, --learning-starts, --target-update-frequency and epsilon count transitions, --train-frequency counts vector steps',
  gradientSteps: 'gradient steps per train; SB3: gradient_steps 1 (with --num-envs N, N keeps CleanRL\'s one update per 4 transitions at --train-frequency 4)',
};

// ---------------------------------------------------------------------------------------------
// Network: uint8 stack [4, 84, 84] in, Q-values out. Scaling and the channel move happen inside.

export function buildQNetwork(
  nActions: number, c: Pick<DqnConfig, 'network' | 'dueling' | 'seed'> & { init?: DqnConfig['init'] }, stack = 4, size = 84,
): tf.LayersModel {
  let seed = c.seed * 7919;
  // PyTorch initialises Conv2d and Linear with kaiming_uniform(a = sqrt(5)): U(+-1/sqrt(fan_in)) for the
  // weights, the same bound for the biases. That is a variance scaling of 1/3 on fan_in.
  const torch = (c.init ?? 'torch') === 'torch';
  const init = (fanIn: number) => torch
    ? {
      kernelInitializer: tf.initializers.varianceScaling({ scale: 1 / 3, mode: 'fanIn', distribution: 'uniform', seed: seed++ }),
      biasInitializer: tf.initializers.randomUniform({ minval: -1 / Math.sqrt(fanIn), maxval: 1 / Math.sqrt(fanIn), seed: seed++ }),
    }
    : { kernelInitializer: tf.initializers.heUniform({ seed: seed++ }) };
  const input = tf.input({ shape: [stack, size, size] });
  let x = new ScalePixels({}).apply(input) as tf.SymbolicTensor;
  x = tf.layers.permute({ dims: [2, 3, 1] }).apply(x) as tf.SymbolicTensor; // to NHWC
  const convs: [number, number, number][] =
    c.network === 'nature' ? [[32, 8, 4], [64, 4, 2], [64, 3, 1]] : [[16, 8, 4], [32, 4, 2]];
  for (const [filters, kernelSize, strides] of convs) {
    const fanIn = kernelSize * kernelSize * (x.shape[3] as number);
    x = tf.layers.conv2d({ filters, kernelSize, strides, activation: 'relu', ...init(fanIn) }).apply(x) as tf.SymbolicTensor;
  }
  x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
  const hidden = c.network === 'nature' ? 512 : 256;
  const dense = (from: tf.SymbolicTensor, units: number, activation?: 'relu') =>
    tf.layers.dense({ units, activation, ...init(from.shape[1] as number) }).apply(from) as tf.SymbolicTensor;
  let q: tf.SymbolicTensor;
  if (c.dueling) {
    const v = dense(dense(x, hidden, 'relu'), 1);
    const a = dense(dense(x, hidden, 'relu'), nActions);
    q = new DuelingCombine({}).apply([v, a]) as tf.SymbolicTensor;
  } else {
    q = dense(dense(x, hidden, 'relu'), nActions);
  }
  return tf.model({ inputs: input, outputs: q });
}

export function makeOptimizer(c: Pick<DqnConfig, 'optimizer' | 'learningRate'>): tf.Optimizer {
  // Adam as CleanRL builds it (PyTorch's defaults: betas 0.9 / 0.999, eps 1e-8 added to the bias-corrected
  // sqrt(v), which is also where tfjs adds it); RMSProp as in the 2015 paper.
  return c.optimizer === 'adam' ? tf.train.adam(c.learningRate, 0.9, 0.999, 1e-8) : tf.train.rmsprop(c.learningRate, 0.95, 0, 0.01, true);
}

// ---------------------------------------------------------------------------------------------
// One gradient step on a sampled batch.

interface Batch {
  obs: Uint8Array; nextObs: Uint8Array; actions: Int32Array; rewards: Float32Array;
  dones: Float32Array; discounts: Float32Array; weights: Float32Array; size: number;
}

/** The step's loss, mean Q(s, a) and TD errors, left on the backend (a GPU reads them when it must); the caller disposes them. */
export interface StepTensors { value: tf.Scalar; qMean: tf.Tensor; td: tf.Tensor }

export function trainStepTensors(
  online: tf.LayersModel, target: tf.LayersModel, opt: tf.Optimizer, b: Batch,
  c: Pick<DqnConfig, 'double' | 'loss' | 'maxGradNorm'>, nActions: number,
): StepTensors {
  const shape = [b.size, ...(online.inputs[0].shape.slice(1) as number[])];
  return tf.tidy(() => {
    const obs = floatTensor(b.obs, shape);
    const nextObs = floatTensor(b.nextObs, shape);
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
}

/** One gradient step with its results read synchronously (the CPU backends; a GPU loop uses trainStepTensors). */
export function trainStep(
  online: tf.LayersModel, target: tf.LayersModel, opt: tf.Optimizer, b: Batch,
  c: Pick<DqnConfig, 'double' | 'loss' | 'maxGradNorm'>, nActions: number,
): { loss: number; meanQ: number; tdErrors: Float32Array } {
  const result = trainStepTensors(online, target, opt, b, c, nActions);
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

/** Greedy action for one stacked observation (synchronous: the CPU backends). */
export function greedyAction(model: tf.LayersModel, obs: Uint8Array): number {
  const shape = [1, ...(model.inputs[0].shape.slice(1) as number[])];
  return tf.tidy(() => (tf.argMax(model.predict(floatTensor(obs, shape)) as tf.Tensor2D, 1).dataSync()[0]));
}

/** Greedy actions for n stacked observations side by side, in one read (any backend). */
export async function greedyActions(model: tf.LayersModel, obs: Uint8Array, n = 1): Promise<Int32Array> {
  const shape = [n, ...(model.inputs[0].shape.slice(1) as number[])];
  const best = tf.tidy(() => tf.argMax(model.predict(floatTensor(obs, shape)) as tf.Tensor2D, 1));
  try {
    return await readInts(best);
  } finally {
    best.dispose();
  }
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
  episodes: number;      // games finished (all lives)
  trainSteps: number;
  rng: number[] | number; // the exploration generator's state (older checkpoints: a seed for it)
  /** The game in progress: its reset seed and the actions taken since, so a resume can play it back. */
  game?: { seed: number; actions: string };
  recentReturns?: number[];
  streamRng?: number[];  // --num-envs > 1: the generator that picks replay streams
}

export interface DqnRunResult {
  steps: number;
  episodes: number;
  evalReturns: number[];
  stepsPerSecond: number;
  stopped: boolean;      // stopped early (stopAt or shouldStop): checkpoint written, no evaluation
}

export interface DqnRunControl {
  stopAt?: number;              // write a checkpoint at this step and return
  shouldStop?: () => boolean;   // checked every step: true writes a checkpoint and returns (Ctrl-C)
  timing?: LoopTiming;          // filled with where the loop's time went once learning started (bench:dqn)
}

/** Milliseconds of the learning steps spent in each part of the loop. */
export interface LoopTiming {
  steps: number;
  act: number;      // epsilon-greedy choice: the forward pass and its read
  env: number;      // env steps and resets
  replay: number;   // inserts
  sample: number;   // batch sampling
  train: number;    // the gradient step (with its reads), priority and target updates
  other: number;    // logging, progress, checkpoints
}

/** Seed of the k-th game of a run: the run's seed for the first (as CleanRL's envs.reset(seed=seed)). */
export function gameSeed(runSeed: number, k: number): number {
  if (k === 0) return runSeed;
  const r = new Rng((Math.imul(runSeed, 0x9e3779b1) ^ Math.imul(k, 0x85ebca77)) >>> 0);
  return r.nextU32();
}

/** The replay memory of a run with this configuration. */
export function dqnReplayOptions(c: DqnConfig, seed: number): ReplayOptions {
  return {
    capacity: c.bufferSize, frameShape: [84, 84], stack: 4, gamma: c.gamma, nStep: c.nStep, seed,
    prioritized: c.prioritized ? { alpha: c.priorityAlpha } : undefined,
  };
}

/**
 * Before a resume writes anything: the checkpoint's saved replay memory, if it will be loaded, has
 * this run's settings (a cheap look at its index; the files are checked while loading).
 */
export function checkResumableReplay(c: DqnConfig, checkpoint: string, step: number): void {
  const dir = path.join(checkpoint, 'replay');
  if (!c.saveReplay || !fs.existsSync(dir)) return;
  try {
    if (c.numEnvs > 1) checkSavedStreams(dir, c.numEnvs, dqnReplayOptions(c, 0), step);
    else checkSavedReplay(dir, replayLayout(dqnReplayOptions(c, 0)), step);
  } catch (e) {
    if (e instanceof ReplayMismatchError || e instanceof ReplayDamagedError) throw new Error(replayProblem(dir, e));
    throw e;
  }
}

/** The networks, optimizer, loop state and exploration generator: new, or as a checkpoint saved them. */
async function restoreLearner(c: DqnConfig, run: RunLogger, nActions: number, resumeFrom?: string) {
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
  }
  const rng = new Rng(c.seed);
  if (Array.isArray(state.rng)) rng.setState(state.rng);
  else rng.seed(state.rng);
  const epsilon = c.epsilonSchedule === 'linear'
    ? linearSchedule(c.epsilonStart, c.epsilonEnd, c.explorationFraction * c.totalSteps)
    : exponentialSchedule(c.epsilonStart, c.epsilonEnd, c.epsilonDecay);
  return { online, target, opt, state, rng, epsilon };
}

export async function trainDqn(c: DqnConfig, run: RunLogger, resumeFrom?: string, control: DqnRunControl = {}): Promise<DqnRunResult> {
  if (c.numEnvs > 1) return trainDqnVector(c, run, resumeFrom, control);
  const env = makeAtariEnv(c.game, c.maxEpisodeFrames);
  const nActions = (env.actionSpace as unknown as { n: number }).n;
  const { online, target, opt, state, rng, epsilon } = await restoreLearner(c, run, nActions, resumeFrom);
  const mem = new ReplayMemory(dqnReplayOptions(c, c.seed + state.step));
  const store = c.saveReplay ? new ReplayStore(mem) : undefined;
  const replayDir = resumeFrom && `${resumeFrom}/replay`;
  const restored = !!(store && replayDir && run.exists(replayDir)); // a folder without its index.json is damaged
  if (restored) {
    const t = Date.now();
    try {
      store!.load(replayDir!, state.step);
    } catch (e) {
      if (e instanceof ReplayMismatchError || e instanceof ReplayDamagedError) throw new Error(replayProblem(replayDir!, e));
      throw e;
    }
    run.log(`resumed from ${resumeFrom} at step ${state.step}`);
    run.log(`replay memory restored: ${mem.size} transitions (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  } else if (resumeFrom) {
    run.log(`resumed from ${resumeFrom} at step ${state.step} (${c.saveReplay ? 'the checkpoint holds no replay memory' : '--no-save-replay'}: ` +
      `the memory refills, learning resumes after ${c.learningStarts} new steps)`);
  }
  const startStep = state.step;
  if (control.stopAt !== undefined && control.stopAt <= startStep) throw new Error(`--stop-at ${control.stopAt} is not after the checkpoint's step ${startStep}`);
  // As CleanRL: updates from the step after learningStarts. A memory that starts empty refills first.
  const learnFrom = restored ? c.learningStarts : startStep + c.learningStarts;

  // The game in progress at a checkpoint is played back from its seed, which puts the emulator and
  // every wrapper (noops, lives, frame stack, episode statistics) where they were.
  let seedOfGame = gameSeed(c.seed, state.episodes);
  let gameActions: number[] = [];
  let obs = env.reset({ seed: seedOfGame }).observation;
  if (resumeFrom && state.game) {
    seedOfGame = state.game.seed;
    gameActions = [...Buffer.from(state.game.actions, 'base64')];
    obs = playBack(env, seedOfGame, gameActions);
  }
  if (restored) {
    const newest = mem.observationAt(mem.newestSlot).subarray(3 * 84 * 84);
    if (!Buffer.from(newest).equals(obs.frame(3)))
      throw new Error(`the game in progress at ${resumeFrom} did not play back to the frame the replay memory holds ` +
        `(another ROM or emulator than the run's?); resume with --no-save-replay to start without the memory`);
  } else {
    mem.startEpisode(obs.frame(3));
  }
  // Episodes logged after this step by the stretch that stopped are replaced by those that follow (plot drops them).
  if (resumeFrom) run.metrics({ step: startStep, resume: true });
  const recent: number[] = [...(state.recentReturns ?? [])];
  const progress = run.progress(c.totalSteps, startStep);
  const t0 = Date.now();
  let lastLoss = NaN;
  const snapshot = (step: number): DqnState => ({
    ...state, step, rng: rng.getState(), game: { seed: seedOfGame, actions: Buffer.from(gameActions).toString('base64') }, recentReturns: [...recent],
  });

  // Where the time goes, for bench:dqn: lap(part) books the time since the previous lap to that part.
  const timing = control.timing;
  let lapStart = 0;
  const lap = timing && ((part: Exclude<keyof LoopTiming, 'steps'>) => {
    const now = performance.now();
    timing[part] += now - lapStart;
    lapStart = now;
  });

  for (let step = startStep; step < c.totalSteps; ++step) {
    const timed = lap && step > learnFrom;
    if (timed) {
      timing!.steps++;
      lapStart = performance.now();
    }
    const eps = epsilon(step);
    const action = rng.random() < eps ? rng.integers(0, nActions) : (await greedyActions(online, obs.toArray()))[0];
    if (timed) lap('act');
    const r = env.step(action);
    if (timed) lap('env');
    gameActions.push(action);
    mem.add(action, r.reward, r.observation.frame(3), r.terminated, r.truncated);
    if (timed) lap('replay');
    const episode = r.info.episode as { r: number; l: number } | undefined;
    if (episode) {
      state.episodes++;
      recent.push(episode.r);
      if (recent.length > 100) recent.shift();
      run.scalar('charts/episodic_return', episode.r, step);
      run.scalar('charts/episodic_length', episode.l, step);
      run.metrics({ step, episode: state.episodes, return: episode.r, length: episode.l });
      if (timed) lap('other');
      // The game is over (not just a life): the next one starts from its own seed.
      seedOfGame = gameSeed(c.seed, state.episodes);
      gameActions = [];
      obs = env.reset({ seed: seedOfGame }).observation;
      mem.startEpisode(obs.frame(3));
    } else if (r.terminated || r.truncated) {
      obs = env.reset().observation;
      mem.startEpisode(obs.frame(3));
    } else {
      obs = r.observation;
    }
    if (timed) lap('env');

    if (step > learnFrom && step % c.trainFrequency === 0) {
      const beta = c.priorityBeta + (1 - c.priorityBeta) * (step / c.totalSteps);
      // The CPU backends read every step (a copy); a GPU reads the loss only when it is logged.
      const logged = step % 100 === 0;
      let loss: number | undefined, meanQ: number | undefined;
      for (let g = 0; g < c.gradientSteps; ++g) {
        const batch = mem.sample(c.batchSize, beta);
        if (timed) lap('sample');
        const out = trainStepTensors(online, target, opt, batch, c, nActions);
        const last = g === c.gradientSteps - 1;
        const wanted = [...(c.prioritized ? [out.td] : []), ...((logged && last) || syncReads() ? [out.value, out.qMean] : [])];
        const got = wanted.length ? await readFloats(wanted) : [];
        tf.dispose([out.value, out.td, out.qMean]);
        if (c.prioritized) mem.updatePriorities(batch.indices, got.shift()!);
        if (got.length) [loss, meanQ] = got.map((v) => v[0]);
        state.trainSteps++;
        if (timed) lap('train');
      }
      if (loss !== undefined) lastLoss = loss;
      if (logged) {
        run.scalar('losses/td_loss', loss!, step);
        run.scalar('losses/q_values', meanQ!, step);
        run.scalar('charts/epsilon', eps, step);
        run.scalar('charts/SPS', ((step - startStep) * 1000) / (Date.now() - t0), step);
      }
    }
    if (step > learnFrom && step % c.targetUpdateFrequency === 0) updateTarget(online, target, c.tau);
    if (timed) lap('train');

    const done = step + 1;
    if (done % 50 === 0) await new Promise((r) => setImmediate(r)); // let timers, signals and I/O (TensorBoard flushes) run
    progress.tick(done, { eps: eps.toFixed(3), return: recent.length ? mean(recent).toFixed(1) : '-', loss: Number.isNaN(lastLoss) ? '-' : lastLoss.toFixed(4) });
    const stop = done < c.totalSteps && (done === control.stopAt || control.shouldStop?.() === true);
    if (stop || (c.checkpointFrequency > 0 && done % c.checkpointFrequency === 0 && done < c.totalSteps)) {
      await saveDqnCheckpoint(run, online, target, opt, snapshot(done), store);
    }
    if (timed) lap('other');
    if (stop) {
      progress.finish();
      env.close();
      run.log(`stopped at step ${done}: checkpoint written; --resume continues the run`);
      return { steps: done, episodes: state.episodes, evalReturns: [], stepsPerSecond: ((done - startStep) * 1000) / Math.max(1, Date.now() - t0), stopped: true };
    }
  }
  progress.finish();
  await saveDqnCheckpoint(run, online, target, opt, snapshot(c.totalSteps), store);
  const evalReturns = await evaluate(online, c, c.evalEpisodes, c.evalEpsilon, c.seed + 100_000,
    c.evalVideos > 0 ? { folder: `${run.dir}/videos`, episodes: c.evalVideos, prefix: `eval-step-${c.totalSteps}` } : undefined);
  evalReturns.forEach((ret, i) => run.scalar('eval/episodic_return', ret, i));
  run.metrics({ step: c.totalSteps, eval_returns: evalReturns });
  env.close();
  const sps = ((c.totalSteps - startStep) * 1000) / Math.max(1, Date.now() - t0);
  return { steps: c.totalSteps, episodes: state.episodes, evalReturns, stepsPerSecond: sps, stopped: false };
}

/**
 * --num-envs N > 1: N games on the native vector env's threads. One batched forward (and one read)
 * chooses every env's action; the gradient steps run while the threads step the envs (stepAsync),
 * on the memory as it was before that step. SB3's conventions for several envs: steps, learning
 * starts, target updates and epsilon count transitions (N per vector step); a train comes every
 * --train-frequency vector steps with --gradient-steps updates. A resume restores the learner and
 * every env's replay stream and starts new games (the games in progress are not played back: the
 * bit-exact resume is the one-env loop's).
 */
async function trainDqnVector(c: DqnConfig, run: RunLogger, resumeFrom?: string, control: DqnRunControl = {}): Promise<DqnRunResult> {
  const N = c.numEnvs;
  const envs = new AtariVectorEnv(atariEnvId(c.game), { numEnvs: N, maxNumFramesPerEpisode: c.maxEpisodeFrames });
  const nActions = envs.singleActionSpace.n;
  const { online, target, opt, state, rng, epsilon } = await restoreLearner(c, run, nActions, resumeFrom);
  const mem = new ReplayStreams(N, dqnReplayOptions(c, c.seed + state.step));
  const store = c.saveReplay ? new ReplayStreamsStore(mem) : undefined;
  const replayDir = resumeFrom && `${resumeFrom}/replay`;
  const restored = !!(store && replayDir && run.exists(replayDir));
  if (restored) {
    const t = Date.now();
    try {
      store!.load(replayDir!, state.step);
    } catch (e) {
      if (e instanceof ReplayMismatchError || e instanceof ReplayDamagedError) throw new Error(replayProblem(replayDir!, e));
      throw e;
    }
    if (state.streamRng) mem.rngState = state.streamRng;
    run.log(`resumed from ${resumeFrom} at step ${state.step}`);
    run.log(`replay memory restored: ${mem.size} transitions in ${N} env streams (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  } else if (resumeFrom) {
    run.log(`resumed from ${resumeFrom} at step ${state.step} (${c.saveReplay ? 'the checkpoint holds no replay memory' : '--no-save-replay'}: ` +
      `the memory refills, learning resumes after ${c.learningStarts} new steps)`);
  }
  const startStep = state.step;
  if (control.stopAt !== undefined && control.stopAt <= startStep) throw new Error(`--stop-at ${control.stopAt} is not after the checkpoint's step ${startStep}`);
  const learnFrom = restored ? c.learningStarts : startStep + c.learningStarts;
  if (resumeFrom) run.metrics({ step: startStep, resume: true });

  // New games: env i's first from gameSeed(seed, i); after a resume, seeds not used before.
  const frame = 84 * 84;
  const stackBytes = 4 * frame;
  const newest = (a: Uint8Array, i: number) => a.subarray(i * stackBytes + 3 * frame, (i + 1) * stackBytes);
  let r = envs.reset(Array.from({ length: N }, (_, i) => gameSeed(c.seed, (resumeFrom ? state.episodes + startStep : 0) + i) % 2 ** 31));
  mem.streams.forEach((m, i) => m.startEpisode(newest(r.observations, i)));

  const recent: number[] = [...(state.recentReturns ?? [])];
  const progress = run.progress(c.totalSteps, startStep);
  const t0 = Date.now();
  let lastLoss = NaN;
  const actions = new Int32Array(N);
  const timing = control.timing;
  let lapStart = 0;
  const lap = timing && ((part: Exclude<keyof LoopTiming, 'steps'>) => {
    const now = performance.now();
    timing[part] += now - lapStart;
    lapStart = now;
  });
  const snapshot = (step: number): DqnState => ({ ...state, step, rng: rng.getState(), streamRng: mem.rngState, recentReturns: [...recent] });

  let step = startStep;
  let vectorStep = Math.floor(startStep / N);
  while (step < c.totalSteps) {
    const timed = lap && step > learnFrom;
    if (timed) {
      timing!.steps += N;
      lapStart = performance.now();
    }
    const eps = epsilon(step);
    const explore = Array.from({ length: N }, () => rng.random() < eps);
    const greedy = explore.every(Boolean) ? undefined : await greedyActions(online, r.observations, N);
    for (let i = 0; i < N; ++i) actions[i] = explore[i] ? rng.integers(0, nActions) : greedy![i];
    if (timed) lap('act');
    const stepping = envs.stepAsync(actions);

    // While the threads step the envs: the updates due at this step, on the memory as it stands.
    const prev = step;
    const next = step + N;
    if (step > learnFrom && vectorStep % c.trainFrequency === 0) {
      // As in the 1-env loop: a GPU reads the loss only when it is logged.
      const logged = Math.floor(next / 100) > Math.floor(prev / 100);
      let loss: number | undefined, meanQ: number | undefined;
      for (let g = 0; g < c.gradientSteps; ++g) {
        const batch = mem.sample(c.batchSize);
        if (timed) lap('sample');
        const out = trainStepTensors(online, target, opt, batch, c, nActions);
        const wanted = (logged && g === c.gradientSteps - 1) || syncReads() ? [out.value, out.qMean] : [];
        const got = wanted.length ? await readFloats(wanted) : [];
        tf.dispose([out.value, out.td, out.qMean]);
        if (got.length) [loss, meanQ] = got.map((v) => v[0]);
        state.trainSteps++;
        if (timed) lap('train');
      }
      if (loss !== undefined) lastLoss = loss;
      if (logged) {
        run.scalar('losses/td_loss', loss!, step);
        run.scalar('losses/q_values', meanQ!, step);
        run.scalar('charts/epsilon', eps, step);
        run.scalar('charts/SPS', ((step - startStep) * 1000) / Math.max(1, Date.now() - t0), step);
      }
    }
    if (step > learnFrom && Math.floor(next / c.targetUpdateFrequency) > Math.floor(prev / c.targetUpdateFrequency)) updateTarget(online, target, c.tau);
    if (timed) lap('train');
    r = await stepping;
    if (timed) lap('env');

    for (let i = 0; i < N; ++i) {
      const ended = r.terminated[i] === 1 || r.truncated[i] === 1;
      const last = ended && r.hasFinalObservation[i] ? r.finalObservations : r.observations;
      mem.streams[i].add(actions[i], r.rewards[i], newest(last, i), ended && r.terminated[i] === 1, r.truncated[i] === 1);
      if (ended) mem.streams[i].startEpisode(newest(r.observations, i));
      if (r.episodeEnded[i]) {
        state.episodes++;
        recent.push(r.episodeReturns[i]);
        if (recent.length > 100) recent.shift();
        run.scalar('charts/episodic_return', r.episodeReturns[i], step + i);
        run.scalar('charts/episodic_length', r.episodeLengths[i], step + i);
        run.metrics({ step: step + i, episode: state.episodes, return: r.episodeReturns[i], length: r.episodeLengths[i] });
      }
    }
    if (timed) lap('replay');
    step = next;
    vectorStep++;

    if (vectorStep % 50 === 0) await new Promise((res) => setImmediate(res));
    progress.tick(Math.min(step, c.totalSteps), { eps: eps.toFixed(3), return: recent.length ? mean(recent).toFixed(1) : '-', loss: Number.isNaN(lastLoss) ? '-' : lastLoss.toFixed(4) });
    const crossed = (k: number) => k > 0 && Math.floor(step / k) > Math.floor(prev / k);
    const stop = step < c.totalSteps && ((control.stopAt !== undefined && step >= control.stopAt) || control.shouldStop?.() === true);
    if (stop || (crossed(c.checkpointFrequency) && step < c.totalSteps)) await saveDqnCheckpoint(run, online, target, opt, snapshot(step), store);
    if (timed) lap('other');
    if (stop) {
      progress.finish();
      envs.close();
      run.log(`stopped at step ${step}: checkpoint written; --resume continues the run`);
      return { steps: step, episodes: state.episodes, evalReturns: [], stepsPerSecond: ((step - startStep) * 1000) / Math.max(1, Date.now() - t0), stopped: true };
    }
  }
  progress.finish();
  envs.close();
  await saveDqnCheckpoint(run, online, target, opt, snapshot(step), store);
  const evalReturns = await evaluate(online, c, c.evalEpisodes, c.evalEpsilon, c.seed + 100_000,
    c.evalVideos > 0 ? { folder: `${run.dir}/videos`, episodes: c.evalVideos, prefix: `eval-step-${step}` } : undefined);
  evalReturns.forEach((ret, i) => run.scalar('eval/episodic_return', ret, i));
  run.metrics({ step, eval_returns: evalReturns });
  const sps = ((step - startStep) * 1000) / Math.max(1, Date.now() - t0);
  return { steps: step, episodes: state.episodes, evalReturns, stepsPerSecond: sps, stopped: false };
}

/** Reset with the game's seed and take its actions again (life losses reset as the loop does); the last observation. */
function playBack(env: Env<LazyFrames, number>, seed: number, actions: number[]): LazyFrames {
  let obs = env.reset({ seed }).observation;
  for (const a of actions) {
    const r = env.step(a);
    if (r.info.episode) throw new Error('the game in progress ended while it was played back from its checkpoint (another ROM or emulator?)');
    obs = r.terminated || r.truncated ? env.reset().observation : r.observation;
  }
  return obs;
}


/**
 * Whole games at a small epsilon, scored by their raw return. As CleanRL's dqn_eval, they run through
 * the training wrappers: a lost life resets (noop, FIRE) the way the agent learnt, only the game's end
 * ends an episode. The first `video.episodes` are recorded frame by frame (60 fps) as mp4 files.
 */
export async function evaluate(
  model: tf.LayersModel, c: Pick<DqnConfig, 'game' | 'maxEpisodeFrames'>, episodes: number, eps: number, seed: number,
  video?: { folder: string; episodes: number; prefix: string },
): Promise<number[]> {
  let recorder: RecordVideo<Uint8Array, number> | undefined;
  const env = makeAtariEnv(c.game, c.maxEpisodeFrames, true, video && ((base) => {
    recorder = new RecordVideo(base, { videoFolder: video.folder, namePrefix: video.prefix, episodeTrigger: (id) => id < video.episodes });
    return recorder;
  }));
  const n = (env.actionSpace as unknown as { n: number }).n;
  const rng = new Rng(seed);
  const returns: number[] = [];
  let obs = env.reset({ seed }).observation;
  while (returns.length < episodes) {
    const a = rng.random() < eps ? rng.integers(0, n) : (await greedyActions(model, obs.toArray()))[0];
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

async function saveDqnCheckpoint(
  run: RunLogger, online: tf.LayersModel, target: tf.LayersModel, opt: tf.Optimizer, state: DqnState, store?: ReplayStore | ReplayStreamsStore,
): Promise<void> {
  const dir = await run.checkpoint(state.step, async (dir) => {
    await run.mkdir(`${dir}/online`);
    await saveModel(online, `${dir}/online`);
    await run.mkdir(`${dir}/target`);
    await saveModel(target, `${dir}/target`);
    await saveOptimizer(opt, dir);
    run.writeJson(`${dir}/state.json`, state);
    store?.save(`${dir}/replay`, state.step);
  });
  store?.committed(`${dir}/replay`);
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
