import { describe, expect, it } from 'vitest';

import { CartPoleEnv } from '../src/env/classic/cartpole.ts';
import { MountainCarEnv } from '../src/env/classic/mountain_car.ts';
import { make } from '../src/env/registry.ts';

describe('CartPole', () => {
  it('one step of the equations, checked by hand', () => {
    const env = new CartPoleEnv();
    env.reset({ seed: 0 });
    env.state.set([0, 0, 0, 0]);
    const r = env.step(1);
    // force 10: temp = 10/1.1; thetaacc = -temp / (0.5 * (4/3 - 0.1/1.1)) = -14.634146;
    // xacc = temp + 0.05 * 14.634146 / 1.1 = 9.756098; Euler with tau 0.02.
    expect(r.observation[0]).toBeCloseTo(0, 7);
    expect(r.observation[1]).toBeCloseTo(0.1951220, 6);
    expect(r.observation[2]).toBeCloseTo(0, 7);
    expect(r.observation[3]).toBeCloseTo(-0.2926829, 6);
    expect(r.reward).toBe(1);
    expect(r.terminated).toBe(false);
  });

  it('terminates past 12 degrees or |x| > 2.4, and pays nothing for steps after that', () => {
    const env = new CartPoleEnv();
    env.reset({ seed: 1 });
    env.state.set([0, 0, 0.2094, 0.5]); // just under 12 degrees (0.20944 rad), falling further
    let r = env.step(0);
    expect(r.terminated).toBe(true);
    expect(r.reward).toBe(1);
    r = env.step(0);
    expect(r.terminated).toBe(true);
    expect(r.reward).toBe(0);
    env.reset({ seed: 1 });
    env.state.set([2.399, 1, 0, 0]);
    expect(env.step(1).terminated).toBe(true);
  });

  it('starts within +-0.05 and the same seed gives the same trajectory', () => {
    const run = (seed: number) => {
      const env = make('CartPole-v1');
      const obs: number[] = Array.from(env.reset({ seed }).observation as Float32Array);
      expect(obs.every((v) => Math.abs(v) <= 0.05)).toBe(true);
      for (let t = 0; t < 20; ++t) obs.push(...(env.step(t % 2).observation as Float32Array));
      return obs;
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });

  it('is truncated at 200 (v0) and 500 (v1) steps', () => {
    for (const [id, limit] of [['CartPole-v0', 200], ['CartPole-v1', 500]] as const) {
      const env = make(id);
      env.reset({ seed: 0 });
      const inner = env.unwrapped as CartPoleEnv;
      let t = 0;
      let r;
      do {
        inner.state.set([0, 0, 0, 0]); // hold the pole upright so only the limit can end the episode
        r = env.step(t % 2);
        t++;
      } while (!r.terminated && !r.truncated);
      expect(t).toBe(limit);
      expect(r.truncated).toBe(true);
      expect(env.spec?.maxEpisodeSteps).toBe(limit);
    }
  });

  it('renders a 600x400 frame with the cart where the state says', () => {
    const env = new CartPoleEnv();
    env.reset({ seed: 0 });
    env.state.set([1.2, 0, 0, 0]);
    const f = env.render();
    expect([f.width, f.height, f.data.length]).toEqual([600, 400, 600 * 400 * 3]);
    const at = (x: number, y: number) => Array.from(f.data.subarray((y * 600 + x) * 3, (y * 600 + x) * 3 + 3));
    const cartX = Math.round(1.2 * 125 + 300);
    expect(at(cartX + 20, 400 - 100 - 10)).toEqual([0, 0, 0]); // cart body (away from the axle)
    expect(at(cartX, 400 - 100 - 60)).toEqual([202, 152, 101]); // pole above the cart
    expect(at(50, 50)).toEqual([255, 255, 255]); // background
  });

  it('rejects an illegal action', () => {
    const env = new CartPoleEnv();
    env.reset({ seed: 0 });
    expect(() => env.step(2)).toThrow(/action must be 0 or 1/);
  });
});

describe('MountainCar', () => {
  it('starts in [-0.6, -0.4] at rest, pays -1 per step, and ends at the flag', () => {
    const env = new MountainCarEnv();
    const { observation } = env.reset({ seed: 2 });
    expect(observation[0]).toBeGreaterThanOrEqual(-0.6);
    expect(observation[0]).toBeLessThanOrEqual(-0.4);
    expect(observation[1]).toBe(0);
    env.state.set([0.49, 0.02]);
    const r = env.step(2);
    expect(r.reward).toBe(-1);
    expect(r.terminated).toBe(true);
  });

  it('one step of the equations, and the left wall stops the car', () => {
    const env = new MountainCarEnv();
    env.reset({ seed: 0 });
    env.state.set([-0.5, 0]);
    const r = env.step(2);
    const v = 0.001 + Math.cos(-1.5) * -0.0025;
    expect(r.observation[1]).toBeCloseTo(v, 7);
    expect(r.observation[0]).toBeCloseTo(-0.5 + v, 7);
    env.state.set([-1.19, -0.05]);
    const w = env.step(0);
    expect(w.observation[0]).toBeCloseTo(-1.2, 6);
    expect(w.observation[1]).toBe(0);
  });

  it('is truncated at 200 steps and renders', () => {
    const env = make('MountainCar-v0');
    env.reset({ seed: 0 });
    let n = 0;
    let r;
    do {
      r = env.step(1);
      n++;
    } while (!r.terminated && !r.truncated);
    expect(n).toBe(200);
    const f = env.render();
    expect([f.width, f.height]).toEqual([600, 400]);
  });
});

describe('registry', () => {
  it('explains an unknown id', () => {
    expect(() => make('CartPole-v9')).toThrow(/Did you mean: CartPole-v0, CartPole-v1/);
  });
});
