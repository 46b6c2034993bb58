import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { make } from '../src/env/registry.ts';
import { NumpyGenerator } from '../src/env/np_random.ts';
import { MountainCarContinuousEnv } from '../src/env/classic/mountain_car_continuous.ts';
import { PendulumEnv, angleNormalize } from '../src/env/classic/pendulum.ts';
import { Box } from '../src/env/spaces.ts';
import type { Env } from '../src/env/core.ts';
import { fixturesDir } from './paths.ts';

interface Row { seed: number; step: number; action?: number[]; obs: number[]; reward?: number; terminated?: boolean; truncated?: boolean }
const rows = (id: string): Row[] =>
  fs.readFileSync(path.join(fixturesDir, 'control', `${id}.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Row);

/** Replays Gymnasium's recorded actions from reset(seed) and hands each of our steps to `check`. */
function replay(id: string, check: (ours: { obs: Float32Array; reward: number; terminated: boolean; truncated: boolean }, ref: Row) => void): number {
  const env = make(id) as Env<Float32Array, Float32Array>;
  const ref = rows(id);
  for (const r of ref) {
    if (r.step === 0) check({ obs: env.reset({ seed: r.seed }).observation, reward: NaN, terminated: false, truncated: false }, r);
    else {
      const s = env.step(Float32Array.from(r.action!));
      check({ obs: s.observation, reward: s.reward, terminated: s.terminated, truncated: s.truncated }, r);
    }
  }
  return ref.length;
}

describe("NumPy's generator", () => {
  it('gives default_rng(seed).random() bit for bit (SeedSequence + PCG64)', () => {
    // np.random.default_rng(0).random(3), default_rng(42).random(2), default_rng(2**70 + 1).random(1)
    const g0 = new NumpyGenerator(0);
    expect([g0.random(), g0.random(), g0.random()]).toEqual([0.6369616873214543, 0.2697867137638703, 0.04097352393619469]);
    const g42 = new NumpyGenerator(42);
    expect([g42.random(), g42.random()]).toEqual([0.7739560485559633, 0.4388784397520523]);
    expect(new NumpyGenerator(2n ** 70n + 1n).random()).toBe(0.7820107398083108);
    expect(() => new NumpyGenerator(-1)).toThrow(/non-negative integer/);
  });
});

describe('MountainCarContinuous-v0', () => {
  it("replays Gymnasium 1.3's trajectories exactly: reset states, observations, rewards, termination, truncation at 999", () => {
    let ends = 0;
    const n = replay('MountainCarContinuous-v0', (ours, ref) => {
      expect(Array.from(ours.obs), `seed ${ref.seed} step ${ref.step}`).toEqual(ref.obs.map(Math.fround));
      if (ref.step === 0) return;
      expect(ours.reward, `seed ${ref.seed} step ${ref.step}`).toBe(ref.reward);
      expect([ours.terminated, ours.truncated]).toEqual([ref.terminated, ref.truncated]);
      if (ref.terminated || ref.truncated) ends++;
    });
    expect(n).toBe(4258);
    expect(ends).toBe(6); // 2 reach the flag, 4 run out of time
  });

  it('clips the force to [-1, 1] but charges the action as given', () => {
    const a = new MountainCarContinuousEnv(), b = new MountainCarContinuousEnv();
    a.reset({ seed: 5 });
    b.reset({ seed: 5 });
    const ra = a.step(Float32Array.of(1)), rb = b.step(Float32Array.of(3));
    expect(Array.from(rb.observation)).toEqual(Array.from(ra.observation));
    expect(ra.reward).toBeCloseTo(-0.1, 12);
    expect(rb.reward).toBeCloseTo(-0.9, 12);
  });

  it('pays +100 on reaching the flag', () => {
    const env = new MountainCarContinuousEnv();
    env.reset({ seed: 0 });
    env.setState(0.449, 0.02);
    const r = env.step(Float32Array.of(0.5));
    expect(r.terminated).toBe(true);
    expect(r.reward).toBeCloseTo(100 - 0.025, 10);
  });

  it('has the Box spaces of Gymnasium and refuses malformed actions with a clear message', () => {
    const env = make('MountainCarContinuous-v0');
    expect(env.actionSpace).toBeInstanceOf(Box);
    expect(String(env.actionSpace)).toBe('Box(1, float32)');
    expect(Array.from((env.actionSpace as Box).low)).toEqual([-1]);
    expect(Array.from((env.observationSpace as Box).high)).toEqual([0.6, 0.07]);
    env.reset({ seed: 1 });
    expect(() => env.step(0.5 as never)).toThrow(/Float32Array\.of\(0\.5\)/);
    expect(() => env.step(Float32Array.of(0.1, 0.2) as never)).toThrow(/one finite number/);
    expect(() => env.step(Float32Array.of(NaN) as never)).toThrow(/one finite number/);
  });

  it('renders a 600x400 picture in which the car moves', () => {
    const env = new MountainCarContinuousEnv();
    env.reset({ seed: 0 });
    env.setState(-1.0, 0);
    const left = env.render();
    env.setState(0.3, 0);
    const right = env.render();
    expect([left.width, left.height, left.data.length]).toEqual([600, 400, 600 * 400 * 3]);
    // Black car pixels: left of centre in the first picture, right of it in the second.
    const darkColumns = (f: typeof left) => {
      const xs: number[] = [];
      for (let y = 0; y < f.height; ++y) for (let x = 0; x < f.width; ++x) {
        const i = (y * f.width + x) * 3;
        if (f.data[i] === 0 && f.data[i + 1] === 0 && f.data[i + 2] === 0) xs.push(x);
      }
      return xs;
    };
    const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
    // The hill line is black too: compare against the flag-only difference by centroid shift.
    expect(mean(darkColumns(right)) - mean(darkColumns(left))).toBeGreaterThan(30);
  });
});

describe('Pendulum-v1', () => {
  it("replays Gymnasium 1.3's trajectories: observations exact, rewards to an ulp-level drift, truncation at 200", () => {
    // Gymnasium computes sin and x**2 with the C library, whose last bit differs from V8's on a few
    // percent of arguments; the float64 state then drifts by ulps (never visible in the float32
    // observations), so rewards are compared to 1e-12 relative.
    let truncations = 0;
    const n = replay('Pendulum-v1', (ours, ref) => {
      expect(Array.from(ours.obs), `seed ${ref.seed} step ${ref.step}`).toEqual(ref.obs.map(Math.fround));
      if (ref.step === 0) return;
      expect(Math.abs(ours.reward - ref.reward!), `seed ${ref.seed} step ${ref.step}`).toBeLessThanOrEqual(1e-12 * Math.abs(ref.reward!));
      expect([ours.terminated, ours.truncated]).toEqual([ref.terminated, ref.truncated]);
      if (ref.truncated) truncations++;
    });
    expect(n).toBe(1206);
    expect(truncations).toBe(6);
  });

  it('clips the torque to [-2, 2], the cost included; normalises the angle to [-pi, pi)', () => {
    const a = new PendulumEnv(), b = new PendulumEnv();
    a.reset({ seed: 9 });
    b.reset({ seed: 9 });
    const ra = a.step(Float32Array.of(2)), rb = b.step(Float32Array.of(7));
    expect(Array.from(rb.observation)).toEqual(Array.from(ra.observation));
    expect(rb.reward).toBe(ra.reward);
    expect(angleNormalize(Math.PI)).toBeCloseTo(-Math.PI, 12);
    expect(angleNormalize(3 * Math.PI + 0.5)).toBeCloseTo(-Math.PI + 0.5, 12);
    expect(angleNormalize(-0.25)).toBeCloseTo(-0.25, 15);
  });

  it('upright and still costs only the torque, which then accelerates it by 3u dt', () => {
    const env = new PendulumEnv();
    env.reset({ seed: 0 });
    env.state.set([0, 0]);
    const r = env.step(Float32Array.of(1));
    expect(r.reward).toBeCloseTo(-0.001, 9);
    // theta dot = 3 / (m l^2) * u * dt = 0.15; theta = 0.15 * dt = 0.0075.
    expect(r.observation[2]).toBeCloseTo(0.15, 6);
    expect(r.observation[1]).toBeCloseTo(Math.sin(0.0075), 6);
  });

  it('renders 500x500 as Gymnasium does, the rod pointing up when theta is 0', () => {
    const env = new PendulumEnv();
    env.reset({ seed: 0 });
    env.state.set([0, 0]);
    const f = env.render();
    expect([f.width, f.height]).toEqual([500, 500]);
    const isRed = (x: number, y: number) => {
      const i = (y * 500 + x) * 3;
      return f.data[i] === 204 && f.data[i + 1] === 77 && f.data[i + 2] === 77;
    };
    expect(isRed(250, 150)).toBe(true);  // above the joint
    expect(isRed(250, 350)).toBe(false); // below it
    env.state.set([Math.PI, 0]);
    const g = env.render();
    expect(g.data[(350 * 500 + 250) * 3 + 1]).toBe(77);
  });
});
