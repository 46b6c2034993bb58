// The DQN update against an independent float64 computation: on a tiny two-layer network and a
// batch of four, trainStep's loss, TD errors and the weights after one SGD step are those of the
// hand-derived gradient (targets with done masking and per-sample n-step discounts, Double DQN's
// online argmax, MSE or Huber, importance weights, global-norm clipping), and updateTarget copies
// or Polyak-averages. SGD, so a step is the gradient itself (Adam's first step is its sign).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../src/tf/backend.ts';
import { trainStep, updateTarget } from '../src/agents/dqn.ts';

const IN = 3, HID = 4, ACT = 3;

interface Params { w1: number[][]; b1: number[]; w2: number[][]; b2: number[] } // kernels [in][out], as tfjs

const onlineParams: Params = {
  w1: [[0.3, -0.2, 0.1, 0.5], [-0.4, 0.25, 0.2, -0.1], [0.15, 0.1, -0.3, 0.2]],
  b1: [0.07, -0.1, 0.2, -0.6], // the last unit stays off on some inputs: the relu's gradient mask matters
  w2: [[0.5, -0.3, 0.2], [0.1, 0.4, -0.2], [-0.25, 0.3, 0.6], [0.2, -0.1, 0.3]],
  b2: [0.1, -0.05, 0.02],
};
const targetParams: Params = {
  w1: [[-0.2, 0.3, 0.4, 0.1], [0.2, -0.1, 0.3, 0.2], [0.1, 0.35, -0.2, 0.1]],
  b1: [0.1, 0.0, -0.1, 0.05],
  w2: [[0.3, 0.6, -0.2], [-0.4, 0.2, 0.5], [0.25, -0.3, 0.1], [0.1, 0.45, -0.15]],
  b2: [-0.1, 0.2, 0.05],
};

function model(p: Params): tf.LayersModel {
  const input = tf.input({ shape: [IN] });
  const h = tf.layers.dense({ units: HID, activation: 'relu' }).apply(input) as tf.SymbolicTensor;
  const q = tf.layers.dense({ units: ACT }).apply(h) as tf.SymbolicTensor;
  const m = tf.model({ inputs: input, outputs: q });
  m.setWeights([tf.tensor2d(p.w1), tf.tensor1d(p.b1), tf.tensor2d(p.w2), tf.tensor1d(p.b2)]);
  return m;
}

function forward(p: Params, x: number[]): { z: number[]; h: number[]; q: number[] } {
  const z = p.b1.map((b, j) => b + x.reduce((s, xi, i) => s + xi * p.w1[i][j], 0));
  const h = z.map((v) => Math.max(0, v));
  const q = p.b2.map((b, k) => b + h.reduce((s, hj, j) => s + hj * p.w2[j][k], 0));
  return { z, h, q };
}

// Observations are bytes (trainStep takes the replay's uint8 frames); small ones keep the net in range.
const batch = {
  size: 4,
  obs: Uint8Array.from([1, 2, 0, 3, 0, 1, 2, 2, 1, 0, 1, 3]),
  nextObs: Uint8Array.from([2, 1, 1, 0, 3, 1, 1, 1, 2, 3, 0, 2]),
  actions: Int32Array.from([0, 2, 1, 2]),
  rewards: Float32Array.from([1, -1, 0, 2.5]),
  dones: Float32Array.from([0, 1, 0, 0]),
  discounts: Float32Array.from([0.9, 0.9, 0.9 ** 3, 0.9 ** 2]), // n-step transitions cut short by an episode end
  weights: Float32Array.from([1, 1, 1, 1]),
};
const rows = (a: Uint8Array) => Array.from({ length: batch.size }, (_, i) => Array.from(a.subarray(i * IN, (i + 1) * IN)));

interface Opts { double: boolean; loss: 'mse' | 'huber'; maxGradNorm: number; weights?: Float32Array }

/** The loss, TD errors and gradient of the DQN update in float64, by hand. */
function oracle(o: Opts): { loss: number; td: number[]; meanQ: number; grad: Params } {
  const xs = rows(batch.obs), xn = rows(batch.nextObs), n = batch.size;
  const w = o.weights ?? batch.weights;
  const grad: Params = {
    w1: onlineParams.w1.map((r) => r.map(() => 0)), b1: onlineParams.b1.map(() => 0),
    w2: onlineParams.w2.map((r) => r.map(() => 0)), b2: onlineParams.b2.map(() => 0),
  };
  let loss = 0, meanQ = 0;
  const td: number[] = [];
  for (let i = 0; i < n; ++i) {
    const qt = forward(targetParams, xn[i]).q;
    const pick = o.double ? argmax(forward(onlineParams, xn[i]).q) : argmax(qt);
    const y = batch.rewards[i] + batch.discounts[i] * (1 - batch.dones[i]) * qt[pick];
    const f = forward(onlineParams, xs[i]);
    const a = batch.actions[i];
    const err = y - f.q[a];
    td.push(err);
    meanQ += f.q[a] / n;
    const abs = Math.abs(err);
    loss += (w[i] * (o.loss === 'mse' ? err * err : abs <= 1 ? 0.5 * err * err : abs - 0.5)) / n;
    // dLoss/dq[a]: the error's derivative is -1.
    const dqa = -(w[i] / n) * (o.loss === 'mse' ? 2 * err : Math.max(-1, Math.min(1, err)));
    grad.b2[a] += dqa;
    for (let j = 0; j < HID; ++j) {
      grad.w2[j][a] += f.h[j] * dqa;
      const dz = f.z[j] > 0 ? onlineParams.w2[j][a] * dqa : 0;
      grad.b1[j] += dz;
      for (let k = 0; k < IN; ++k) grad.w1[k][j] += xs[i][k] * dz;
    }
  }
  if (o.maxGradNorm > 0) {
    const all = [...grad.w1.flat(), ...grad.b1, ...grad.w2.flat(), ...grad.b2];
    const norm = Math.sqrt(all.reduce((s, g) => s + g * g, 0));
    const scale = Math.min(1, o.maxGradNorm / (norm + 1e-6));
    grad.w1 = grad.w1.map((r) => r.map((g) => g * scale));
    grad.b1 = grad.b1.map((g) => g * scale);
    grad.w2 = grad.w2.map((r) => r.map((g) => g * scale));
    grad.b2 = grad.b2.map((g) => g * scale);
  }
  return { loss, td, meanQ, grad };
}

const argmax = (v: number[]) => v.reduce((best, x, i) => (x > v[best] ? i : best), 0);
const flat = (p: Params) => [...p.w1.flat(), ...p.b1, ...p.w2.flat(), ...p.b2];
const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

function expectClose(actual: ArrayLike<number>, expected: number[], what: string, tol = 2e-6): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; ++i)
    expect(Math.abs(actual[i] - expected[i]), `${what}[${i}]: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected[i])));
}

const LR = 0.1;

/** One trainStep with SGD; the weights after it, the step's outputs and the hand computation. */
function step(o: Opts) {
  const online = model(onlineParams), target = model(targetParams);
  const opt = tf.train.sgd(LR);
  const out = trainStep(online, target, opt, { ...batch, weights: o.weights ?? batch.weights }, o, ACT);
  const after = online.getWeights().flatMap((t) => Array.from(t.dataSync()));
  const targetAfter = target.getWeights().flatMap((t) => Array.from(t.dataSync()));
  opt.dispose();
  return { out, after, targetAfter, want: oracle(o) };
}

function expectStep(o: Opts, what: string) {
  const { out, after, targetAfter, want } = step(o);
  expect(out.loss, `${what} loss`).toBeCloseTo(want.loss, 5);
  expect(out.meanQ, `${what} meanQ`).toBeCloseTo(want.meanQ, 5);
  expectClose(out.tdErrors, want.td, `${what} td`);
  expectClose(after, flat(onlineParams).map((p, i) => p - LR * flat(want.grad)[i]), `${what} weights`);
  expectClose(targetAfter, flat(targetParams).map(Math.fround), `${what} target untouched`, 0);
  return want;
}

describe('DQN update (trainStep) against a float64 hand computation', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
  });

  it('the batch exercises every case: a done, errors above and below 1, a relu unit off, double DQN choosing otherwise', () => {
    const mse = oracle({ double: false, loss: 'mse', maxGradNorm: 0 });
    expect(mse.td.some((e) => Math.abs(e) < 1) && mse.td.some((e) => Math.abs(e) > 1)).toBe(true);
    const zs = rows(batch.obs).flatMap((x) => forward(onlineParams, x).z);
    expect(zs.some((z) => z < 0)).toBe(true);
    expect(Math.min(...zs.map(Math.abs))).toBeGreaterThan(0.01); // no unit at the relu's kink, where float32 and float64 may disagree
    // Samples where the online net's argmax differs from the target's, so Double DQN's target differs.
    const differ = rows(batch.nextObs).filter((x, i) => batch.dones[i] === 0 && argmax(forward(onlineParams, x).q) !== argmax(forward(targetParams, x).q));
    expect(differ.length).toBeGreaterThan(0);
    expect(norm(flat(mse.grad))).toBeGreaterThan(0.5); // so that a clip at 0.25 scales it
  });

  it('MSE: loss, TD errors (done masked, each sample its own discount) and the SGD step', () => {
    expectStep({ double: false, loss: 'mse', maxGradNorm: 0 }, 'mse');
  });

  it('Huber (smooth L1, delta 1) differs from MSE and matches its own gradient', () => {
    const h = expectStep({ double: false, loss: 'huber', maxGradNorm: 0 }, 'huber');
    const m = oracle({ double: false, loss: 'mse', maxGradNorm: 0 });
    expect(Math.abs(h.loss - m.loss / 2)).toBeGreaterThan(0.05);
  });

  it('Double DQN: the online net picks the next action, the target net values it', () => {
    const d = expectStep({ double: true, loss: 'mse', maxGradNorm: 0 }, 'double');
    const plain = oracle({ double: false, loss: 'mse', maxGradNorm: 0 });
    expect(Math.abs(d.loss - plain.loss)).toBeGreaterThan(1e-3);
  });

  it('importance weights scale each sample (prioritized replay)', () => {
    expectStep({ double: false, loss: 'huber', maxGradNorm: 0, weights: Float32Array.from([0.2, 1, 0.5, 0.7]) }, 'weighted');
  });

  it('gradient clipping scales the whole gradient to the global norm; a large bound leaves it alone', () => {
    const clipped = expectStep({ double: false, loss: 'mse', maxGradNorm: 0.25 }, 'clipped');
    expect(norm(flat(clipped.grad))).toBeCloseTo(0.25, 5);
    const loose = expectStep({ double: false, loss: 'mse', maxGradNorm: 1000 }, 'loose');
    expectClose(flat(loose.grad), flat(oracle({ double: false, loss: 'mse', maxGradNorm: 0 }).grad), 'unclipped', 1e-12);
  });

  it('updateTarget: tau 1 copies, tau < 1 is the Polyak average tau * online + (1 - tau) * target', () => {
    const values = (m: tf.LayersModel) => m.getWeights().flatMap((t) => Array.from(t.dataSync()));
    const soft = model(targetParams);
    updateTarget(model(onlineParams), soft, 0.3);
    expectClose(values(soft), flat(onlineParams).map((o, i) => 0.3 * o + 0.7 * flat(targetParams)[i]), 'soft');
    const hard = model(targetParams);
    updateTarget(model(onlineParams), hard, 1);
    expectClose(values(hard), flat(onlineParams).map(Math.fround), 'hard', 0);
  });
});
