import { describe, expect, it } from 'vitest';
import './paths.ts';
import { make } from '../src/index.ts';
import { wrapDeepMind } from '../src/wrappers/atari_wrappers.ts';
import type { LazyFrames } from '../src/wrappers/lazy_frames.ts';
import { ReplayMemory, replayBytes } from '../src/agents/replay.ts';
import { Rng } from '../src/env/rng.ts';

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

describe('replay memory', () => {
  it('rebuilds exactly the stacks FrameStack produced on Breakout, across life-loss episode boundaries', () => {
    const env = wrapDeepMind(make('BreakoutNoFrameskip-v4', { obsType: 'none' }) as never);
    const mem = new ReplayMemory({ capacity: 5000, frameShape: [84, 84], stack: 4, seed: 1 });
    const seen = new Map<number, Uint8Array>();
    const rng = new Rng(3);
    let { observation } = env.reset({ seed: 7 });
    let lf = observation as LazyFrames;
    mem.startEpisode(lf.frame(3));
    seen.set(mem.newestSlot, lf.toArray().slice());
    let episodes = 1;
    for (let t = 0; t < 1500; ++t) {
      const a = rng.integers(0, 4);
      const r = env.step(a);
      lf = r.observation as LazyFrames;
      mem.add(a, r.reward, lf.frame(3), r.terminated, r.truncated);
      seen.set(mem.newestSlot, lf.toArray().slice());
      if (r.terminated || r.truncated) {
        lf = env.reset().observation as LazyFrames;
        mem.startEpisode(lf.frame(3));
        seen.set(mem.newestSlot, lf.toArray().slice());
        episodes++;
      }
    }
    expect(episodes).toBeGreaterThan(5); // life losses end the learner's episodes
    for (const [slot, obs] of seen) expect(same(mem.observationAt(slot), obs), `slot ${slot}`).toBe(true);
    // Sampled transitions: obs and next obs are what the env gave, the action is the one taken.
    const batch = mem.sample(64);
    const n = 4 * 84 * 84;
    for (let i = 0; i < batch.size; ++i) {
      const slot = batch.indices[i];
      expect(same(batch.obs.subarray(i * n, (i + 1) * n), seen.get(slot)!)).toBe(true);
      if (!batch.dones[i]) expect(same(batch.nextObs.subarray(i * n, (i + 1) * n), seen.get((slot + 1) % 5000)!)).toBe(true);
      expect(batch.discounts[i]).toBeCloseTo(0.99, 6);
    }
    env.close();
  });

  it('never mixes episodes in a stack, also after the ring wraps, and n-step returns stop at episode ends', () => {
    // Frames carry (episode, step) so every sampled stack can be checked.
    const frame = (ep: number, step: number) => Uint8Array.from([ep & 255, step & 255]);
    const mem = new ReplayMemory({ capacity: 97, frameShape: [2], stack: 4, nStep: 3, gamma: 0.5, seed: 2 });
    const rng = new Rng(5);
    for (let ep = 0; ep < 40; ++ep) {
      const len = 1 + rng.integers(0, 9);
      mem.startEpisode(frame(ep, 0));
      for (let s = 1; s <= len; ++s) mem.add(s, 1, frame(ep, s), s === len && ep % 2 === 0, s === len && ep % 2 === 1);
    }
    for (let round = 0; round < 50; ++round) {
      const b = mem.sample(32);
      for (let i = 0; i < 32; ++i) {
        const stack = Array.from({ length: 4 }, (_, j) => [b.obs[i * 8 + 2 * j], b.obs[i * 8 + 2 * j + 1]]);
        const ep = stack[3][0];
        for (let j = 0; j < 4; ++j) expect(stack[j][0]).toBe(ep);
        for (let j = 0; j < 3; ++j) expect(stack[j + 1][1] - stack[j][1]).toBeGreaterThanOrEqual(0);
        for (let j = 0; j < 3; ++j) expect(stack[j + 1][1] - stack[j][1]).toBeLessThanOrEqual(1);
        const step = stack[3][1];
        expect(b.actions[i]).toBe(step + 1);
        const next = [b.nextObs[i * 8 + 6], b.nextObs[i * 8 + 7]];
        const k = Math.round(Math.log(b.discounts[i]) / Math.log(0.5));
        expect(k).toBeGreaterThanOrEqual(1);
        expect(k).toBeLessThanOrEqual(3);
        expect(b.rewards[i]).toBeCloseTo((1 - 0.5 ** k) / 0.5, 6); // k rewards of 1, discounted
        if (!b.dones[i]) expect(next).toEqual([ep, step + k]);
      }
    }
  });

  it('holds about one 84x84 frame per transition and refuses a capacity the machine cannot hold', () => {
    const mem = new ReplayMemory({ capacity: 20_000, frameShape: [84, 84], stack: 4 });
    expect(mem.bytes / 20_000).toBeGreaterThanOrEqual(84 * 84);
    expect(mem.bytes / 20_000).toBeLessThan(84 * 84 + 16);
    expect(replayBytes(1_000_000, [84, 84])).toBeLessThan(7.5e9);
    expect(() => new ReplayMemory({ capacity: 2_000_000_000, frameShape: [84, 84], stack: 4 })).toThrow(/needs .* GiB.*--buffer-size/);
  });
});
