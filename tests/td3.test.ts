// TD3: the bootstrap target is the smaller of the two target critics' values at a smoothed, clipped
// target action; the actor and the targets move only on delayed steps; a small agent learns
// Pendulum-v1 far beyond a random policy in 8,000 steps.
import * as tf from '@tensorflow/tfjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

import { selectBackend } from '../src/tf/backend.ts';
import { buildActor, buildCritic } from '../src/agents/ddpg.ts';
import { td3Defaults, td3Target, td3TrainStep, trainTd3, type Td3Agent } from '../src/agents/td3.ts';
import { RunLogger } from '../src/logging/run.ts';
import { make } from '../src/env/registry.ts';
import { Rng } from '../src/env/rng.ts';
import type { Env } from '../src/env/core.ts';

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const flat = (m: tf.LayersModel) => m.getWeights().flatMap((w) => Array.from(w.dataSync()));

beforeAll(async () => {
  await selectBackend('wasm');
});

// Pendulum's shapes: 3 observations, one action in [-2, 2].
function agent(): Td3Agent {
  return {
    actor: buildActor(3, 1, 8, 1), qf1: buildCritic(3, 1, 8, 2), qf2: buildCritic(3, 1, 8, 3),
    targetActor: buildActor(3, 1, 8, 4), targetQf1: buildCritic(3, 1, 8, 5), targetQf2: buildCritic(3, 1, 8, 6),
    actorOpt: tf.train.adam(1e-3), qOpt: tf.train.adam(1e-3), scale: tf.tensor1d([2]), bias: tf.tensor1d([0]),
  };
}

function batch(n: number, seed: number) {
  const rng = new Rng(seed);
  const f = (k: number) => Float32Array.from({ length: k }, () => rng.uniform(-1, 1));
  const dones = Float32Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 1 : 0));
  return { obs: f(n * 3), nextObs: f(n * 3), actions: f(n), rewards: f(n), dones, size: n };
}

describe('TD3', () => {
  it('bootstraps from the smaller target critic at the target action plus clipped smoothing noise', () => {
    const a = agent(), n = 64, b = batch(n, 1);
    const c = { gamma: 0.9, policyNoise: 0.2, noiseClip: 0.5 };
    // Draws of up to +-4 std: 0.2 x 4 = 0.8 is clipped to 0.5, so the clip shows.
    const rng = new Rng(2);
    const eps = Float32Array.from({ length: n }, () => rng.uniform(-4, 4));
    // The target action, computed here step by step.
    const next = tf.tensor2d(b.nextObs, [n, 3]);
    const mu = (a.targetActor.predict(next) as tf.Tensor).dataSync();
    const act = Float32Array.from(mu, (m, i) => Math.min(2, Math.max(-2, m * 2 + Math.min(0.5, Math.max(-0.5, eps[i] * 0.2)) * 2)));
    const actT = tf.tensor2d(act, [n, 1]);
    const q1 = Array.from((a.targetQf1.predict([next, actT]) as tf.Tensor).dataSync());
    // The second target critic mirrors the first about its median: Q2 = 2 m - Q1, the smaller on half the rows.
    const m = [...q1].sort((x, z) => x - z)[n / 2];
    const w = a.targetQf1.getWeights();
    a.targetQf2.setWeights([...w.slice(0, -2), tf.neg(w.at(-2)!), tf.sub(2 * m, w.at(-1)!)]);
    const q2 = Array.from((a.targetQf2.predict([next, actT]) as tf.Tensor).dataSync());
    tf.dispose([next, actT]);

    const { y } = td3Target(a, b, eps, [-2], [2], c);
    const got = Array.from(y.dataSync());
    y.dispose();
    // Both critics are the smaller one somewhere, so taking either alone (or the larger) is caught.
    expect(q1.some((v, i) => v < q2[i] - 1e-3)).toBe(true);
    expect(q2.some((v, i) => v < q1[i] - 1e-3)).toBe(true);
    expect(eps.some((e) => Math.abs(e * 0.2) > 0.5)).toBe(true);
    const want = q1.map((v, i) => b.rewards[i] + c.gamma * (1 - b.dones[i]) * Math.min(v, q2[i]));
    got.forEach((v, i) => expect(v, `row ${i}`).toBeCloseTo(want[i], 5));
  });

  it('steps both critics every time, the actor and the three targets only on delayed steps', () => {
    const a = agent(), b = batch(16, 3), eps = new Float32Array(16);
    const c = { gamma: 0.99, tau: 0.1, policyNoise: 0.2, noiseClip: 0.5 };
    const before = { actor: flat(a.actor), qf1: flat(a.qf1), qf2: flat(a.qf2), t: [a.targetActor, a.targetQf1, a.targetQf2].map(flat) };
    td3TrainStep(a, b, eps, [-2], [2], c, false);
    expect(flat(a.actor)).toEqual(before.actor);
    expect(flat(a.qf1)).not.toEqual(before.qf1);
    expect(flat(a.qf2)).not.toEqual(before.qf2);
    [a.targetActor, a.targetQf1, a.targetQf2].forEach((m, k) => expect(flat(m)).toEqual(before.t[k]));
    const targets = [a.targetActor, a.targetQf1, a.targetQf2].map(flat);
    td3TrainStep(a, b, eps, [-2], [2], c, true);
    expect(flat(a.actor)).not.toEqual(before.actor);
    [[a.actor, a.targetActor], [a.qf1, a.targetQf1], [a.qf2, a.targetQf2]].forEach(([online, target], k) => {
      const o = flat(online), t = flat(target);
      t.forEach((w, i) => expect(w).toBeCloseTo(0.1 * o[i] + 0.9 * targets[k][i], 5));
    });
  });

  it('learns Pendulum-v1: greedy returns far above a random policy after 8,000 steps', async () => {
    const env = make('Pendulum-v1') as Env<Float32Array, Float32Array>;
    const rng = new Rng(3);
    const random: number[] = [];
    for (let e = 0; e < 10; ++e) {
      env.reset({ seed: 500 + e });
      let ret = 0;
      for (let done = false; !done;) {
        const r = env.step(Float32Array.of(rng.uniform(-2, 2)));
        ret += r.reward;
        done = r.truncated;
      }
      random.push(ret);
    }
    const run = new RunLogger({ root: fs.mkdtempSync(path.join(os.tmpdir(), 'td3-test-')), name: 'pendulum', quiet: true });
    const r = await trainTd3({ ...td3Defaults, totalSteps: 8000, learningStarts: 1000, hidden: 64, batchSize: 64, learningRate: 1e-3,
      evalEpisodes: 5, evalVideos: 0, checkpointFrequency: 0 }, run);
    run.close();
    expect(mean(random)).toBeLessThan(-900);
    expect(mean(r.evalReturns)).toBeGreaterThan(-400);
  }, 600_000);
});
