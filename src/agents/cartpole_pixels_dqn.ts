// DQN on CartPole from pixels, after the first version of PyTorch's DQN tutorial: the state is
// the difference of two consecutive rendered frames (cropped around the cart, shrunk to 40x90
// gray), a three-layer conv net with batch norm, RMSProp, and a hard target copy every few
// episodes.
import * as tf from '@tensorflow/tfjs';
import { readInts } from '../tf/read.ts';
import { make } from '../env/registry.ts';
import { Rng } from '../env/rng.ts';
import type { Env, RgbFrame } from '../env/core.ts';
import { VectorReplay } from './vector_replay.ts';
import { exponentialSchedule } from './schedules.ts';
import type { RunLogger } from '../logging/run.ts';

export interface PixelDqnConfig {
  seed: number;
  episodes: number;
  batchSize: number;
  gamma: number;
  epsilonStart: number;
  epsilonEnd: number;
  epsilonDecay: number;
  targetUpdateEpisodes: number;
  learningRate: number;
  bufferSize: number;
}

export const defaultPixelDqnConfig: PixelDqnConfig = {
  seed: 1, episodes: 300, batchSize: 128, gamma: 0.999, epsilonStart: 0.9, epsilonEnd: 0.05, epsilonDecay: 200,
  targetUpdateEpisodes: 10, learningRate: 1e-3, bufferSize: 10_000,
};

export const SCREEN_H = 40;
export const SCREEN_W = 90;
const FACTOR = 4; // 160 x 360 crop -> 40 x 90

/** Rows 40%..80% of the frame and a 360-pixel window centred on the cart, area-shrunk by 4, gray in [0, 1]. */
export function cartView(frame: RgbFrame, cartX: number, out = new Float32Array(SCREEN_H * SCREEN_W)): Float32Array {
  const { data, width } = frame;
  const top = Math.floor(frame.height * 0.4);
  const viewW = SCREEN_W * FACTOR;
  const centre = Math.round(cartX * (width / 4.8) + width / 2);
  const left = Math.min(Math.max(centre - viewW / 2, 0), width - viewW);
  for (let y = 0; y < SCREEN_H; ++y)
    for (let x = 0; x < SCREEN_W; ++x) {
      let s = 0;
      for (let dy = 0; dy < FACTOR; ++dy) {
        let p = ((top + y * FACTOR + dy) * width + left + x * FACTOR) * 3;
        for (let dx = 0; dx < FACTOR; ++dx, p += 3) s += data[p] * 0.299 + data[p + 1] * 0.587 + data[p + 2] * 0.114;
      }
      out[y * SCREEN_W + x] = s / (FACTOR * FACTOR * 255);
    }
  return out;
}

export function buildPixelNet(seed: number): tf.LayersModel {
  let s = seed * 7;
  const m = tf.sequential();
  for (const [i, filters] of [16, 32, 32].entries()) {
    m.add(tf.layers.conv2d({ ...(i === 0 ? { inputShape: [SCREEN_H, SCREEN_W, 1] } : {}), filters, kernelSize: 5, strides: 2, kernelInitializer: tf.initializers.heUniform({ seed: s++ }) }));
    m.add(tf.layers.batchNormalization());
    m.add(tf.layers.reLU());
  }
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: s++ }) }));
  return m;
}

/** The agent's state: what moved between two cart views (the tutorial's current_screen - last_screen). */
export function frameDifference(current: Float32Array, last: Float32Array): Float32Array {
  return current.map((v, i) => v - last[i]);
}

export interface PixelBatch { obs: Float32Array; nextObs: Float32Array; actions: Int32Array; rewards: Float32Array; dones: Float32Array }

/**
 * One update, as the tutorial's optimize_model: the Huber loss between Q(s, a) (batch norm in
 * training mode) and r + gamma * max Q_target(s') (0 after a termination), each gradient clamped
 * to [-1, 1], then RMSProp.
 */
export function pixelDqnUpdate(policy: tf.LayersModel, target: tf.LayersModel, opt: tf.Optimizer, vars: tf.Variable[], b: PixelBatch, gamma: number): void {
  const n = b.actions.length;
  tf.tidy(() => {
    const shape: [number, number, number, number] = [n, SCREEN_H, SCREEN_W, 1];
    const nextQ = tf.max(target.predict(tf.tensor4d(b.nextObs, shape)) as tf.Tensor2D, 1);
    const y = tf.add(tf.tensor1d(b.rewards), tf.mul(gamma, tf.mul(tf.sub(1, tf.tensor1d(b.dones)), nextQ)));
    const onehot = tf.oneHot(tf.tensor1d(b.actions, 'int32'), 2);
    const x = tf.tensor4d(b.obs, shape);
    const { grads } = tf.variableGrads(() => tf.losses.huberLoss(y, tf.sum(tf.mul(policy.apply(x, { training: true }) as tf.Tensor2D, onehot), 1)) as tf.Scalar, vars);
    for (const k of Object.keys(grads)) grads[k] = tf.clipByValue(grads[k], -1, 1);
    opt.applyGradients(grads);
  });
}

export async function trainPixelDqn(c: PixelDqnConfig, run?: RunLogger): Promise<{ returns: number[]; model: tf.LayersModel }> {
  const env = make('CartPole-v1') as Env<Float32Array, number>;
  const dim = SCREEN_H * SCREEN_W;
  const policy = buildPixelNet(c.seed);
  const target = buildPixelNet(c.seed);
  target.trainable = false;
  // Layer by layer: a model's flat weight list orders batch-norm statistics differently on read and write.
  const syncTarget = () => policy.layers.forEach((l, i) => target.layers[i].setWeights(l.getWeights()));
  syncTarget();
  const opt = tf.train.rmsprop(c.learningRate);
  const memory = new VectorReplay(c.bufferSize, dim, c.seed);
  const rng = new Rng(c.seed);
  const epsilon = exponentialSchedule(c.epsilonStart, c.epsilonEnd, c.epsilonDecay);
  const vars = policy.trainableWeights.map((w) => w.read() as tf.Variable);
  const returns: number[] = [];
  const progress = run?.progress(c.episodes, 0, 'cartpole dqn-pixels');
  let steps = 0;
  const screen = (obs: Float32Array) => cartView(env.render(), obs[0]);
  const greedy = async (state: Float32Array) => {
    const best = tf.tidy(() => tf.argMax(policy.predict(tf.tensor4d(state, [1, SCREEN_H, SCREEN_W, 1])) as tf.Tensor2D, 1));
    return (await readInts(best).finally(() => best.dispose()))[0];
  };

  for (let ep = 0; ep < c.episodes; ++ep) {
    let obs = env.reset({ seed: c.seed * 100_000 + ep }).observation;
    let last = screen(obs);
    let current = screen(obs);
    let state = frameDifference(current, last);
    let ret = 0;
    for (;;) {
      const action = rng.random() < epsilon(steps++) ? rng.integers(0, 2) : await greedy(state);
      const r = env.step(action);
      ret += r.reward;
      obs = r.observation;
      last = current;
      current = screen(obs);
      const next = frameDifference(current, last);
      memory.add(state, action, r.reward, next, r.terminated);
      state = next;
      if (memory.size >= c.batchSize) pixelDqnUpdate(policy, target, opt, vars, memory.sample(c.batchSize), c.gamma);
      if (r.terminated || r.truncated) break;
    }
    if ((ep + 1) % c.targetUpdateEpisodes === 0) syncTarget();
    returns.push(ret);
    run?.scalar('charts/episodic_return', ret, ep);
    run?.metrics({ episode: ep + 1, return: ret, steps });
    progress?.tick(ep + 1, { return: ret });
  }
  progress?.finish();
  env.close();
  return { returns, model: policy };
}
