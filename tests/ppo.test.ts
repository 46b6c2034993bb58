// PPO and A2C: the loss terms on a tiny batch against a hand computation, the policy
// distributions against their formulas, and learning: PPO solves most of CartPole in a CI budget.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { selectBackend } from '../src/tf/backend.ts';
import { ppoLoss, ppoDiscreteDefaults, trainPpo } from '../src/agents/ppo.ts';
import { a2cLoss } from '../src/agents/a2c.ts';
import { act, buildActorCritic, evaluateActions, orthogonalMatrix } from '../src/agents/actor_critic.ts';
import { RunLogger } from '../src/logging/run.ts';
import { make } from '../src/env/registry.ts';
import { Rng } from '../src/env/rng.ts';
import type { Env } from '../src/env/core.ts';

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const runs = fs.mkdtempSync(path.join(os.tmpdir(), 'ppo-test-'));
const quietRun = (name: string) => new RunLogger({ root: runs, name, quiet: true });

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('PPO loss', () => {
  const oldLogProb = [-1.0, -0.5, -2.0, -0.7];
  const newLogProb = [-0.8, -0.9, -2.0, -0.2];
  const adv = [1.0, -2.0, 0.5, 3.0];
  const returns = [1, 0, 2, -1];
  const oldValues = [0.5, 0.5, 1.5, -0.5];
  const newValue = [1.2, 0.1, 1.0, -0.4];
  const entropy = [0.6, 0.7, 0.5, 0.9];
  const t = (a: number[]) => tf.tensor1d(a);
  const compute = (normAdv: boolean, clipVloss: boolean) => {
    const c = { clipCoef: 0.2, clipVloss, normAdv, entCoef: 0.01, vfCoef: 0.5 };
    const out = ppoLoss(t(newLogProb), t(entropy), t(newValue), { oldLogProb: t(oldLogProb), advantages: t(adv), returns: t(returns), oldValues: t(oldValues) }, c);
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.dataSync()[0]]));
  };

  it('matches a hand computation: clipped ratios, clipped value loss, entropy bonus, diagnostics', () => {
    const ratio = newLogProb.map((l, i) => Math.exp(l - oldLogProb[i])); // 1.2214, 0.6703, 1, 1.6487
    // Unnormalised advantages: per sample the pessimistic (larger) of -A r and -A clip(r, 0.8, 1.2).
    const pg = mean(ratio.map((r, i) => Math.max(-adv[i] * r, -adv[i] * Math.min(Math.max(r, 0.8), 1.2))));
    // = mean(max(-1.2214, -1.2), max(1.3406, 1.6), max(-.5, -.5), max(-4.946, -3.6)) = mean(-1.2, 1.6, -0.5, -3.6)
    expect(pg).toBeCloseTo((-1.2 + 1.6 - 0.5 - 3.6) / 4, 6);
    const vUnclipped = newValue.map((v, i) => (v - returns[i]) ** 2);
    const vClipped = newValue.map((v, i) => (oldValues[i] + Math.min(Math.max(v - oldValues[i], -0.2), 0.2) - returns[i]) ** 2);
    const v = 0.5 * mean(vUnclipped.map((u, i) => Math.max(u, vClipped[i])));
    const got = compute(false, true);
    expect(got.pgLoss).toBeCloseTo(pg, 5);
    expect(got.vLoss).toBeCloseTo(v, 5);
    expect(got.entropy).toBeCloseTo(0.675, 6);
    expect(got.loss).toBeCloseTo(pg - 0.01 * 0.675 + 0.5 * v, 5);
    expect(got.clipfrac).toBeCloseTo(0.75, 6); // three of four ratios leave [0.8, 1.2]
    expect(got.oldApproxKl).toBeCloseTo(mean(newLogProb.map((l, i) => oldLogProb[i] - l)), 6);
    expect(got.approxKl).toBeCloseTo(mean(ratio.map((r, i) => r - 1 - (newLogProb[i] - oldLogProb[i]))), 6);
    expect(compute(false, false).vLoss).toBeCloseTo(0.5 * mean(vUnclipped), 5);
  });

  it("normalises advantages with torch's unbiased standard deviation", () => {
    const m = mean(adv);
    const sd = Math.sqrt(adv.reduce((s, a) => s + (a - m) ** 2, 0) / (adv.length - 1));
    const an = adv.map((a) => (a - m) / (sd + 1e-8));
    const ratio = newLogProb.map((l, i) => Math.exp(l - oldLogProb[i]));
    const pg = mean(ratio.map((r, i) => Math.max(-an[i] * r, -an[i] * Math.min(Math.max(r, 0.8), 1.2))));
    expect(compute(true, true).pgLoss).toBeCloseTo(pg, 5);
  });

  it('A2C: -mean(A log pi) + vf * MSE - ent * entropy', () => {
    const out = a2cLoss(t(newLogProb), t(entropy), t(newValue), t(adv), t(returns), { entCoef: 0.1, vfCoef: 0.25, normAdv: false });
    const pg = -mean(adv.map((a, i) => a * newLogProb[i]));
    const v = mean(newValue.map((x, i) => (returns[i] - x) ** 2));
    expect(out.pgLoss.dataSync()[0]).toBeCloseTo(pg, 5);
    expect(out.vLoss.dataSync()[0]).toBeCloseTo(v, 5);
    expect(out.loss.dataSync()[0]).toBeCloseTo(pg + 0.25 * v - 0.1 * 0.675, 5);
  });
});

describe('actor-critic networks', () => {
  it('Gaussian policy: log-probability and entropy are the diagonal normal formulas; the log std starts at 0 and is learnt', () => {
    const model = buildActorCritic({ network: 'mlp', obsShape: [3], action: { type: 'box', size: 2 }, seed: 3 });
    const obs = Float32Array.of(0.1, -0.2, 0.3, 1, 0, -1);
    const [mu, logStd] = (model.predict(tf.tensor2d(obs, [2, 3])) as tf.Tensor[]).map((x) => Array.from(x.dataSync()));
    expect(logStd).toEqual([0, 0, 0, 0]);
    expect(model.trainableWeights.some((w) => w.name.includes('log_std'))).toBe(true);
    const a = [0.5, -1, 2, 0.25];
    const ev = evaluateActions(model, tf.tensor2d(obs, [2, 3]), tf.tensor2d(a, [2, 2]), { type: 'box', size: 2 });
    const lp = [0, 1].map((i) => [0, 1].reduce((s, j) => s - 0.5 * (a[i * 2 + j] - mu[i * 2 + j]) ** 2 - 0.5 * Math.log(2 * Math.PI), 0));
    expect(Array.from(ev.logProb.dataSync())).toEqual(lp.map((x) => expect.closeTo(x, 5)));
    expect(ev.entropy.dataSync()[0]).toBeCloseTo(2 * (0.5 + 0.5 * Math.log(2 * Math.PI)), 5);
  });

  it('categorical policy: sampled actions come with the log-probability evaluateActions gives; greedy takes the argmax', () => {
    const model = buildActorCritic({ network: 'mlp', obsShape: [4], action: { type: 'discrete', n: 3 }, seed: 1 });
    const obs = Float32Array.from({ length: 20 }, (_, i) => Math.sin(i));
    const r = act(model, obs, 5, { type: 'discrete', n: 3 }, new Rng(0));
    const ev = evaluateActions(model, tf.tensor2d(obs, [5, 4]), tf.tensor2d(r.actions, [5, 1]), { type: 'discrete', n: 3 });
    expect(Array.from(ev.logProb.dataSync())).toEqual(Array.from(r.logProbs).map((x) => expect.closeTo(x, 5)));
    const logits = (model.predict(tf.tensor2d(obs, [5, 4])) as tf.Tensor[])[0].arraySync() as number[][];
    const greedy = act(model, obs, 5, { type: 'discrete', n: 3 }, new Rng(0), true);
    expect(Array.from(greedy.actions)).toEqual(logits.map((row) => row.indexOf(Math.max(...row))));
  });

  it('orthogonal init: columns (or rows) orthonormal, times the gain', () => {
    const q = orthogonalMatrix(6, 3, new Rng(2));
    for (let a = 0; a < 3; ++a) for (let b = 0; b < 3; ++b) {
      let dot = 0;
      for (let i = 0; i < 6; ++i) dot += q[i * 3 + a] * q[i * 3 + b];
      expect(dot).toBeCloseTo(a === b ? 1 : 0, 5);
    }
    const model = buildActorCritic({ network: 'mlp', obsShape: [4], action: { type: 'discrete', n: 2 }, seed: 1 });
    const head = model.layers.filter((l) => l.getClassName() === 'Dense').map((l) => l.getWeights()[0]).find((k) => k.shape[1] === 2)!;
    const cols = head.arraySync() as number[][];
    expect(cols.reduce((s, row) => s + row[0] ** 2, 0)).toBeCloseTo(0.01 ** 2, 7); // policy head gain 0.01
  });
});

function randomCartPole(episodes: number): number[] {
  const env = make('CartPole-v1') as Env<Float32Array, number>;
  const rng = new Rng(5);
  const out: number[] = [];
  for (let e = 0; e < episodes; ++e) {
    env.reset({ seed: 10_000 + e });
    let ret = 0;
    for (let done = false; !done;) {
      const r = env.step(rng.integers(0, 2));
      ret += r.reward;
      done = r.terminated || r.truncated;
    }
    out.push(ret);
  }
  return out;
}

describe('PPO learns', () => {
  it("CartPole-v1 with ppo.py's defaults: greedy returns far above a random policy's after 50k steps", async () => {
    const random = mean(randomCartPole(50)); // about 22
    const run = quietRun('cartpole-50k');
    const r = await trainPpo({ ...ppoDiscreteDefaults, totalSteps: 50_000, evalEpisodes: 20, evalVideos: 0, checkpointFrequency: 0 }, run);
    run.close();
    expect(random).toBeLessThan(40);
    expect(mean(r.evalReturns)).toBeGreaterThan(200);
    expect(mean(r.evalReturns)).toBeGreaterThan(6 * random);
  }, 600_000);

  it('the same seed gives the same run on the same backend', async () => {
    const c = { ...ppoDiscreteDefaults, totalSteps: 1024, evalEpisodes: 2, evalVideos: 0, checkpointFrequency: 0, seed: 7 };
    const a = await trainPpo(c, quietRun('same-a'));
    const b = await trainPpo(c, quietRun('same-b'));
    expect(b.evalReturns).toEqual(a.evalReturns);
    const w = (m: tf.LayersModel) => m.getWeights().map((x) => Array.from(x.dataSync()));
    expect(w(b.model)).toEqual(w(a.model));
    const other = await trainPpo({ ...c, seed: 8 }, quietRun('same-c'));
    expect(w(other.model)).not.toEqual(w(a.model));
  }, 300_000);

  it('leaves no tensors behind, checkpoints and evaluation included', async () => {
    const before = tf.memory().numTensors;
    const r = await trainPpo({ ...ppoDiscreteDefaults, totalSteps: 1536, checkpointFrequency: 512, evalEpisodes: 1, evalVideos: 0 }, quietRun('leak'));
    r.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 300_000);
});
