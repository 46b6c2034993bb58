import { describe, expect, it } from 'vitest';

import { ObservationWrapper, type Env } from '../src/env/core.ts';
import { make } from '../src/env/registry.ts';
import { ClipReward } from '../src/wrappers/clip_reward.ts';
import { FrameStack } from '../src/wrappers/frame_stack.ts';
import { RecordEpisodeStatistics } from '../src/wrappers/record_episode_statistics.ts';
import { Box } from '../src/env/spaces.ts';
import { TransformReward } from '../src/wrappers/transform.ts';

// CartPole's state as bytes, to give FrameStack an image-like observation from a real env.
class StateBytes extends ObservationWrapper<Uint8Array, number, Float32Array> {
  get observationSpace() {
    return new Box(0, 255, [16], 'uint8');
  }
  observation(obs: Float32Array): Uint8Array {
    return new Uint8Array(obs.buffer.slice(0));
  }
}

describe('generic wrappers', () => {
  it('FrameStack: reset padding, order, and consecutive stacks share frame memory', () => {
    const env = new FrameStack(new StateBytes(make('CartPole-v1') as Env<Float32Array, number>), 4);
    const r0 = env.reset({ seed: 0 }).observation;
    expect(r0.length).toBe(4);
    for (let i = 0; i < 4; ++i) expect(r0.frame(i)).toBe(r0.frame(3)); // reset frame repeated, one buffer
    const s1 = env.step(1).observation;
    const s2 = env.step(0).observation;
    // The newest frame of s1 is the same buffer as the second newest of s2: stored once.
    expect(s2.frame(2)).toBe(s1.frame(3));
    expect(s2.frame(1)).toBe(s1.frame(2));
    expect(s2.toArray().subarray(2 * 16, 3 * 16)).toEqual(s1.frame(3));
    expect(s2.toArray()).toBe(s2.toArray()); // concatenated once, then cached
    const zero = new FrameStack(new StateBytes(make('CartPole-v1') as Env<Float32Array, number>), 3, 'zero');
    const z = zero.reset({ seed: 0 }).observation;
    expect(Array.from(z.frame(0)).every((b) => b === 0)).toBe(true);
  });

  it('ClipReward gives the sign while RecordEpisodeStatistics (inside it) reports the raw return', () => {
    const base = make('MountainCar-v0') as Env<Float32Array, number>;
    const env = new ClipReward(new RecordEpisodeStatistics(base));
    env.reset({ seed: 0 });
    let r;
    let clippedSum = 0;
    do {
      r = env.step(0);
      clippedSum += r.reward;
      expect([-1, 0, 1]).toContain(r.reward);
    } while (!r.terminated && !r.truncated);
    expect(r.info.episode).toMatchObject({ r: -200, l: 200 });
    expect(clippedSum).toBe(-200);
  });

  it('ClipReward maps rewards of every size and sign to their sign: -0.1 and 0 per step, +99.9 at the goal', () => {
    // MountainCarContinuous pays -0.1 * a^2 per step and +100 on reaching the flag: pushing with the
    // velocity (a = +-1) gets there; every third step a = 0 pays exactly 0.
    const raw = new RecordEpisodeStatistics(make('MountainCarContinuous-v0') as Env<Float32Array, Float32Array>);
    const seen: number[][] = [];
    const env = new ClipReward(new TransformReward(raw, (r) => { seen.push([r]); return r; }));
    let obs = env.reset({ seed: 0 }).observation;
    let r;
    let t = 0;
    do {
      const a = t++ % 3 === 2 ? 0 : obs[1] >= 0 ? 1 : -1;
      r = env.step(Float32Array.of(a));
      const inner = seen.at(-1)![0];
      expect(r.reward).toBe(inner > 0 ? 1 : inner < 0 ? -1 : 0);
      seen.at(-1)!.push(r.reward);
      obs = r.observation;
    } while (!r.terminated && !r.truncated);
    expect(r.terminated).toBe(true);
    const inner = seen.map((p) => p[0]);
    expect(inner.at(-1)).toBeGreaterThan(99); // the goal's reward, clipped to 1
    expect(seen.at(-1)![1]).toBe(1);
    expect(inner.some((x) => x === 0)).toBe(true);
    expect(inner.some((x) => x < 0 && x > -1)).toBe(true); // a clamp to [-1, 1] would pass these through
    expect(seen.filter((p) => p[0] === 0).every((p) => p[1] === 0)).toBe(true);
    // The statistics inside report the raw return, not the clipped one.
    expect((r.info.episode as { r: number }).r).toBeCloseTo(inner.reduce((a, b) => a + b, 0), 4);
  });

  it('wrappers expose the inner env', () => {
    const inner = make('CartPole-v1');
    const env = new RecordEpisodeStatistics(inner);
    expect(env.unwrapped.constructor.name).toBe('CartPoleEnv');
    expect(env.spec?.id).toBe('CartPole-v1');
  });
});
