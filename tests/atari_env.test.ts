import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';

import { AtariEnv, make, registeredIds } from '../src/index.ts';
import './paths.ts';

describe('Atari environments', () => {
  it('registers Gymnasium ids for every supported game', () => {
    const ids = registeredIds();
    for (const id of ['ALE/Breakout-v5', 'BreakoutNoFrameskip-v4', 'Breakout-v4', 'ALE/MontezumaRevenge-v5', 'SpaceInvadersNoFrameskip-v4'])
      expect(ids).toContain(id);
  });

  it('ALE/Breakout-v5: rgb observations, minimal actions, lives in info, v5 defaults', () => {
    const env = make('ALE/Breakout-v5') as AtariEnv;
    const { observation, info } = env.reset({ seed: 0 });
    expect(observation.length).toBe(210 * 160 * 3);
    expect(env.observationSpace.shape).toEqual([210, 160, 3]);
    expect(env.actionMeanings()).toEqual(['NOOP', 'FIRE', 'RIGHT', 'LEFT']);
    expect(info.lives).toBe(5);
    expect(env.spec?.kwargs).toMatchObject({ frameskip: 4, repeatActionProbability: 0.25, maxNumFramesPerEpisode: 108000 });
    const r = env.step(1);
    expect(r.info.episode_frame_number).toBe(4); // four frames per step
  });

  it('NoFrameskip-v4 steps one frame; grayscale and ram observation types', () => {
    const env = make('PongNoFrameskip-v4', { obsType: 'grayscale' }) as AtariEnv;
    env.reset({ seed: 0 });
    expect(env.step(0).observation.length).toBe(210 * 160);
    expect(env.step(0).info.episode_frame_number).toBe(2);
    const ram = make('PongNoFrameskip-v4', { obsType: 'ram' }) as AtariEnv;
    expect(ram.reset({ seed: 0 }).observation.length).toBe(128);
  });

  it('same seed, same trajectory (sticky actions and random frame skip included)', () => {
    const run = (id: string) => {
      const env = make(id) as AtariEnv;
      env.reset({ seed: 42 });
      const out: number[] = [];
      for (let t = 0; t < 200; ++t) {
        const r = env.step(t % env.actionSpace.n);
        out.push(r.reward, Number(r.info.frame_number), r.observation[1000]);
        if (r.terminated || r.truncated) env.reset();
      }
      return out;
    };
    for (const id of ['ALE/Seaquest-v5', 'Seaquest-v4']) expect(run(id)).toEqual(run(id));
  });

  it('the seed drives the sticky actions and the frame skip: other seeds, other trajectories; skips of 2, 3 and 4', () => {
    const run = (id: string, seed: number, kwargs: Record<string, unknown> = {}) => {
      const env = make(id, kwargs) as AtariEnv;
      env.reset({ seed });
      const screens: string[] = [], skips: number[] = [];
      let frame = 0;
      for (let t = 0; t < 300; ++t) {
        const r = env.step((t >> 2) % env.actionSpace.n);
        const now = Number(r.info.frame_number);
        screens.push(crc32(r.observation).toString(16));
        // The step that ends the game stops its frame skip early, as ALE's does.
        if (r.terminated || r.truncated) break;
        skips.push(now - frame);
        frame = now;
      }
      return { screens, skips };
    };
    // Sticky actions (v5): the seed changes what is played; without them (NoFrameskip-v4) it cannot.
    const sticky = run('ALE/Seaquest-v5', 42);
    expect(run('ALE/Seaquest-v5', 43).screens).not.toEqual(sticky.screens);
    expect(run('ALE/Seaquest-v5', 42, { repeatActionProbability: 0 }).screens).not.toEqual(sticky.screens);
    expect(sticky.skips.every((k) => k === 4)).toBe(true);
    expect(run('SeaquestNoFrameskip-v4', 1).screens).toEqual(run('SeaquestNoFrameskip-v4', 2).screens);
    // Random frame skip (v4): uniform over 2..4, drawn from the seed.
    const a = run('Seaquest-v4', 42), b = run('Seaquest-v4', 43);
    for (const k of [2, 3, 4]) expect(a.skips.filter((s) => s === k).length, `skips of ${k}`).toBeGreaterThan(60);
    expect(a.skips.every((k) => k >= 2 && k <= 4)).toBe(true);
    expect(b.skips).not.toEqual(a.skips);
    expect(b.screens).not.toEqual(a.screens);
  });

  it('full action space and clear errors', () => {
    const env = make('ALE/Pong-v5', { fullActionSpace: true }) as AtariEnv;
    expect(env.actionSpace.n).toBe(18);
    env.reset({ seed: 1 });
    expect(() => env.step(18)).toThrow(/outside Discrete\(18\)/);
    expect(() => make('ALE/Pong-v5', { frameskip: 0 })).toThrow(/frameskip/);
  });
});
