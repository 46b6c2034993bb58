// DQN on CartPole-v1's state vector, as in PyTorch's reinforcement-learning tutorial: a
// 128-128 MLP, soft target updates (tau 0.005), Huber loss, AdamW, gradient values clipped
// at 100, exponentially decaying epsilon, one update per environment step.
import * as tf from '@tensorflow/tfjs';
import { readInts } from '../tf/read.ts';
import { make } from '../env/registry.ts';
import { Rng } from '../env/rng.ts';
import type { Env } from '../env/core.ts';
import { VectorReplay } from './vector_replay.ts';
import { exponentialSchedule } from './schedules.ts';
import { AdamW } from './optimizers.ts';
import type { RunLogger } from '../logging/run.ts';

export interface CartPoleDqnConfig {
  seed: number;
  totalSteps: number;
  batchSize: number;
  gamma: number;
  epsilonStart: number;
  epsilonEnd: number;
  epsilonDecay: number;
  tau: number;
  learningRate: number;
  weightDecay: number;
  bufferSize: number;
  hidden: number;
  gradClip: number;
  evalEvery: number;     // steps between greedy checks whose best weights are kept (0 = never)
  evalEpisodes: number;
  stopAtScore: number;   // end training once a greedy check averages at least this (0 = run all steps)
}

export const defaultCartPoleDqnConfig: CartPoleDqnConfig = {
  seed: 1, totalSteps: 50_000, batchSize: 128, gamma: 0.99, epsilonStart: 0.9, epsilonEnd: 0.05, epsilonDecay: 1000,
  tau: 0.005, learningRate: 1e-4, weightDecay: 0.01, bufferSize: 10_000, hidden: 128, gradClip: 100,
  evalEvery: 1000, evalEpisodes: 5, stopAtScore: 0,
};

export function buildMlp(inputs: number, outputs: number, hidden: number, seed: number): tf.LayersModel {
  let s = seed * 104729;
  const init = () => tf.initializers.heUniform({ seed: s++ });
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [inputs], units: hidden, activation: 'relu', kernelInitializer: init() }),
      tf.layers.dense({ units: hidden, activation: 'relu', kernelInitializer: init() }),
      tf.layers.dense({ units: outputs, kernelInitializer: init() }),
    ],
  });
}

async function argmax(model: tf.LayersModel, obs: Float32Array): Promise<number> {
  const best = tf.tidy(() => tf.argMax(model.predict(tf.tensor2d(obs, [1, obs.length])) as tf.Tensor2D, 1));
  return (await readInts(best).finally(() => best.dispose()))[0];
}

/**
 * Returns the final policy and the best one seen by the periodic greedy checks (DQN on CartPole
 * oscillates; keeping the best evaluated weights is what SB3's EvalCallback does).
 */
export async function trainCartPoleDqn(c: CartPoleDqnConfig, run?: RunLogger): Promise<{ model: tf.LayersModel; best: tf.LayersModel; bestScore: number; returns: number[] }> {
  const env = make('CartPole-v1') as Env<Float32Array, number>;
  const nActions = 2;
  const policy = buildMlp(4, nActions, c.hidden, c.seed);
  const target = buildMlp(4, nActions, c.hidden, c.seed + 1);
  target.trainable = false;
  target.setWeights(policy.getWeights());
  const opt = new AdamW(c.learningRate, c.weightDecay);
  const memory = new VectorReplay(c.bufferSize, 4, c.seed);
  const rng = new Rng(c.seed);
  const epsilon = exponentialSchedule(c.epsilonStart, c.epsilonEnd, c.epsilonDecay);
  const vars = policy.trainableWeights.map((w) => w.read() as tf.Variable);
  const returns: number[] = [];
  const progress = run?.progress(c.totalSteps, 0, 'cartpole dqn');
  const best = buildMlp(4, nActions, c.hidden, c.seed);
  best.setWeights(policy.getWeights());
  let bestScore = -Infinity;

  let obs = env.reset({ seed: c.seed }).observation;
  let ret = 0;
  for (let step = 0; step < c.totalSteps; ++step) {
    const action = rng.random() < epsilon(step) ? rng.integers(0, nActions) : await argmax(policy, obs);
    const r = env.step(action);
    memory.add(obs, action, r.reward, r.observation, r.terminated);
    ret += r.reward;
    obs = r.observation;
    if (r.terminated || r.truncated) {
      returns.push(ret);
      run?.scalar('charts/episodic_return', ret, step);
      run?.metrics({ step, episode: returns.length, return: ret });
      ret = 0;
      obs = env.reset().observation;
    }

    if (memory.size >= c.batchSize) {
      const b = memory.sample(c.batchSize);
      tf.tidy(() => {
        const next = tf.tensor2d(b.nextObs, [c.batchSize, 4]);
        const y = tf.add(tf.tensor1d(b.rewards), tf.mul(c.gamma, tf.mul(tf.sub(1, tf.tensor1d(b.dones)), tf.max(target.predict(next) as tf.Tensor2D, 1))));
        const onehot = tf.oneHot(tf.tensor1d(b.actions, 'int32'), nActions);
        const x = tf.tensor2d(b.obs, [c.batchSize, 4]);
        const { grads } = tf.variableGrads(() => {
          const q = tf.sum(tf.mul(policy.apply(x) as tf.Tensor2D, onehot), 1);
          return tf.losses.huberLoss(y, q) as tf.Scalar;
        }, vars);
        for (const k of Object.keys(grads)) grads[k] = tf.clipByValue(grads[k], -c.gradClip, c.gradClip);
        opt.applyGradients(grads);
        // Soft update: target <- tau * policy + (1 - tau) * target.
        const pw = policy.getWeights();
        target.setWeights(target.getWeights().map((w, i) => tf.add(tf.mul(c.tau, pw[i]), tf.mul(1 - c.tau, w))));
      });
    }
    if (c.evalEvery > 0 && (step + 1) % c.evalEvery === 0) {
      const score = (await evaluateGreedy(policy, c.evalEpisodes, c.seed * 1000 + step)).reduce((a, b) => a + b, 0) / c.evalEpisodes;
      run?.scalar('eval/mean_return', score, step + 1);
      if (score >= bestScore) {
        bestScore = score;
        best.setWeights(policy.getWeights());
      }
      if (c.stopAtScore > 0 && score >= c.stopAtScore) {
        run?.log(`greedy check at step ${step + 1} averaged ${score}: stopping early`);
        progress?.tick(step + 1);
        break;
      }
    }
    progress?.tick(step + 1, { return: returns.length ? returns[returns.length - 1] : '-', best: bestScore === -Infinity ? '-' : bestScore });
    if (step % 500 === 0) await new Promise((r) => setImmediate(r)); // let timers and I/O run during long training
  }
  progress?.finish();
  env.close();
  return { model: policy, best, bestScore, returns };
}

/** Mean return of greedy episodes (CartPole-v1 caps an episode at 500). */
export async function evaluateGreedy(model: tf.LayersModel, episodes: number, seed: number): Promise<number[]> {
  const env = make('CartPole-v1') as Env<Float32Array, number>;
  const out: number[] = [];
  for (let e = 0; e < episodes; ++e) {
    let obs = env.reset({ seed: seed + e }).observation;
    let ret = 0;
    for (;;) {
      const r = env.step(await argmax(model, obs));
      ret += r.reward;
      obs = r.observation;
      if (r.terminated || r.truncated) break;
    }
    out.push(ret);
  }
  env.close();
  return out;
}
