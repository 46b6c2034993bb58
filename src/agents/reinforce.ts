// REINFORCE (Williams 1992) on CartPole-v1: a softmax policy over a small MLP, one update per
// episode with the discounted returns normalised to zero mean and unit variance.
import * as tf from '@tensorflow/tfjs';
import { readScalars } from '../tf/read.ts';
import { make } from '../env/registry.ts';
import { Rng } from '../env/rng.ts';
import type { Env } from '../env/core.ts';
import type { RunLogger } from '../logging/run.ts';

export interface ReinforceConfig {
  seed: number;
  episodes: number;
  gamma: number;
  learningRate: number;
  hidden: number;
}

// lr 5e-3: 1e-2 (the PyTorch example's, which also uses dropout) collapsed to a deterministic failing policy on some seeds.
export const defaultReinforceConfig: ReinforceConfig = { seed: 1, episodes: 500, gamma: 0.99, learningRate: 5e-3, hidden: 128 };

export function buildPolicy(hidden: number, seed: number): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [4], units: hidden, activation: 'relu', kernelInitializer: tf.initializers.heUniform({ seed: seed * 31 }) }),
      tf.layers.dense({ units: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 31 + 1 }) }), // logits
    ],
  });
}

/** Discounted returns G_t = r_t + gamma G_{t+1}, normalised. */
export function normalisedReturns(rewards: number[], gamma: number): Float32Array {
  const g = new Float32Array(rewards.length);
  let run = 0;
  for (let t = rewards.length - 1; t >= 0; --t) g[t] = run = rewards[t] + gamma * run;
  const mean = g.reduce((a, b) => a + b, 0) / g.length;
  const std = Math.sqrt(g.reduce((a, b) => a + (b - mean) ** 2, 0) / g.length);
  for (let t = 0; t < g.length; ++t) g[t] = (g[t] - mean) / (std + 1e-8);
  return g;
}

export async function trainReinforce(c: ReinforceConfig, run?: RunLogger): Promise<{ model: tf.LayersModel; returns: number[] }> {
  const env = make('CartPole-v1') as Env<Float32Array, number>;
  const policy = buildPolicy(c.hidden, c.seed);
  const opt = tf.train.adam(c.learningRate);
  const rng = new Rng(c.seed);
  const vars = policy.trainableWeights.map((w) => w.read() as tf.Variable);
  const returns: number[] = [];
  const progress = run?.progress(c.episodes, 0, 'reinforce');
  for (let ep = 0; ep < c.episodes; ++ep) {
    const states: number[] = [];
    const actions: number[] = [];
    const rewards: number[] = [];
    let obs = env.reset({ seed: c.seed * 100_000 + ep }).observation;
    for (;;) {
      const probs = tf.tidy(() => tf.softmax(policy.predict(tf.tensor2d(obs, [1, 4])) as tf.Tensor2D));
      const [p0] = await readScalars([probs]).finally(() => probs.dispose());
      const a = rng.random() < p0 ? 0 : 1;
      const r = env.step(a);
      states.push(...obs);
      actions.push(a);
      rewards.push(r.reward);
      obs = r.observation;
      if (r.terminated || r.truncated) break;
    }
    const g = normalisedReturns(rewards, c.gamma);
    tf.tidy(() => {
      const x = tf.tensor2d(states, [actions.length, 4]);
      const onehot = tf.oneHot(tf.tensor1d(actions, 'int32'), 2);
      const gt = tf.tensor1d(g);
      const { grads } = tf.variableGrads(() => {
        const logp = tf.sum(tf.mul(tf.logSoftmax(policy.apply(x) as tf.Tensor2D), onehot), 1);
        return tf.neg(tf.sum(tf.mul(logp, gt))) as tf.Scalar; // ascend sum_t G_t log pi(a_t|s_t)
      }, vars);
      (opt as tf.Optimizer).applyGradients(grads);
    });
    const ret = rewards.length;
    returns.push(ret);
    run?.scalar('charts/episodic_return', ret, ep);
    run?.metrics({ episode: ep + 1, return: ret });
    progress?.tick(ep + 1, { return: ret });
    if (ep % 10 === 0) await new Promise((r) => setImmediate(r)); // let timers and I/O run during long training
  }
  progress?.finish();
  env.close();
  return { model: policy, returns };
}
