// GAE against a direct (non-recursive) evaluation of its definition, and its two limits.
import { describe, expect, it } from 'vitest';

import { RolloutBuffer, computeGae, explainedVariance } from '../src/agents/rollout_buffer.ts';
import { Rng } from '../src/env/rng.ts';

/** A_t = sum_k (gamma lambda)^(k-t) delta_k, summed until the episode's end, each delta on its own. */
function gaeByDefinition(r: number[], v: number[], d: number[], nextV: number[], nextD: number[], gamma: number, lambda: number, T: number, N: number): number[] {
  const out = new Array<number>(T * N).fill(0);
  for (let e = 0; e < N; ++e)
    for (let t = 0; t < T; ++t) {
      let a = 0, w = 1;
      for (let k = t; k < T; ++k) {
        const endAfter = k === T - 1 ? nextD[e] : d[(k + 1) * N + e];
        const vNext = k === T - 1 ? nextV[e] : v[(k + 1) * N + e];
        const delta = r[k * N + e] + gamma * vNext * (1 - endAfter) - v[k * N + e];
        a += w * delta;
        if (endAfter) break;
        w *= gamma * lambda;
      }
      out[t * N + e] = a;
    }
  return out;
}

function randomRollout(T: number, N: number, seed: number) {
  const rng = new Rng(seed);
  const u = (n: number, f: () => number) => Array.from({ length: n }, f);
  return {
    r: u(T * N, () => rng.uniform(-1, 2)), v: u(T * N, () => rng.uniform(-3, 3)),
    d: u(T * N, () => (rng.random() < 0.15 ? 1 : 0)), nextV: u(N, () => rng.uniform(-3, 3)), nextD: u(N, () => (rng.random() < 0.3 ? 1 : 0)),
  };
}

describe('GAE', () => {
  it('matches the sum-of-discounted-TD-errors definition, episode boundaries included', () => {
    for (const [T, N, gamma, lambda, seed] of [[16, 3, 0.99, 0.95, 1], [9, 1, 0.9, 0.5, 2], [32, 4, 0.97, 0.8, 3]]) {
      const x = randomRollout(T, N, seed);
      expect(x.d.some(Boolean)).toBe(true);
      const got = computeGae(x.r, x.v, x.d, x.nextV, x.nextD, gamma, lambda, T, N);
      const want = gaeByDefinition(x.r, x.v, x.d, x.nextV, x.nextD, gamma, lambda, T, N);
      for (let i = 0; i < T * N; ++i) expect(got[i]).toBeCloseTo(want[i], 4);
    }
  });

  it('lambda = 1 gives discounted returns bootstrapped at the rollout end, minus V; lambda = 0 the one-step TD error', () => {
    const T = 6;
    const r = [1, 0, 2, 1, 1, 3], v = [0.5, 0.2, -0.1, 0.4, 0.3, 0.9], d = [0, 0, 0, 1, 0, 0]; // obs 3 starts a new episode
    const b = new RolloutBuffer(T, 1, 1, 1);
    b.rewards.set(r);
    b.values.set(v);
    b.dones.set(d);
    b.computeReturnsAndAdvantages([2], [0], 0.9, 1);
    // Episode 1 (t = 0..2) ends at t = 2: returns 1 + .9 * 0 + .81 * 2 etc.; episode 2 bootstraps V = 2 after t = 5.
    const want = [1 + 0.9 * 0 + 0.81 * 2, 0 + 0.9 * 2, 2, 1 + 0.9 * 1 + 0.81 * 3 + 0.729 * 2, 1 + 0.9 * 3 + 0.81 * 2, 3 + 0.9 * 2];
    for (let t = 0; t < T; ++t) expect(b.returns[t]).toBeCloseTo(want[t], 5);
    const td = computeGae(r, v, d, [2], [0], 0.9, 0, T, 1);
    expect(td[1]).toBeCloseTo(0 + 0.9 * -0.1 - 0.2, 6);
    expect(td[2]).toBeCloseTo(2 - -0.1, 6); // episode end: no bootstrap
  });

  it('explained variance: 1 for a perfect critic, 0 for a constant one, NaN for constant returns', () => {
    expect(explainedVariance([1, 2, 3], [1, 2, 3])).toBe(1);
    expect(explainedVariance([2, 2, 2], [1, 2, 3])).toBeCloseTo(0, 12);
    expect(explainedVariance([0, 1], [5, 5])).toBeNaN();
  });
});
