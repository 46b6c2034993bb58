import { describe, expect, it } from 'vitest';

import { ObservationWrapper, type Env } from '../src/env/core.ts';
import { make } from '../src/env/registry.ts';
import { ClipReward } from '../src/wrappers/clip_reward.ts';
import { FrameStack } from '../src/wrappers/frame_stack.ts';
import { RecordEpisodeStatistics } from '../src/wrappers/record_episode_statistics.ts';
import { Box } from '../src/env/spaces.ts';

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

  it('wrappers expose the inner env', () => {
    const inner = make('CartPole-v1');
    const env = new RecordEpisodeStatistics(inner);
    expect(env.unwrapped.constructor.name).toBe('CartPoleEnv');
    expect(env.spec?.id).toBe('CartPole-v1');
  });
});
