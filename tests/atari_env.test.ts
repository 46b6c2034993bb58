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

  it('full action space and clear errors', () => {
    const env = make('ALE/Pong-v5', { fullActionSpace: true }) as AtariEnv;
    expect(env.actionSpace.n).toBe(18);
    env.reset({ seed: 1 });
    expect(() => env.step(18)).toThrow(/outside Discrete\(18\)/);
    expect(() => make('ALE/Pong-v5', { frameskip: 0 })).toThrow(/frameskip/);
  });
});
