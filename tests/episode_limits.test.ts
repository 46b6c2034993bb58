// The two options that end an episode early, as ALE 0.12.1 does: maxFramesPerEpisode truncates at
// exactly that emulated frame, even in the middle of a frame skip (ALE stops emulating once the
// episode is over), and truncateOnLossOfLife ends it at the frame a life is lost, flagged as a
// truncation, not a game over. Both show up in the Gymnasium-style env as `truncated`.
import { describe, expect, it } from 'vitest';
import './paths.ts';
import { ALE, make, type AtariEnv } from '../src/index.ts';

const noops = (ale: ALE, n: number) => Array.from({ length: n }, () => (ale.act(0), { frame: ale.episodeFrameNumber(), truncated: ale.truncated(), over: ale.gameOver(false) }));

describe('episode limits', () => {
  it('maxFramesPerEpisode truncates at exactly that frame, mid-skip included, and reset starts a full episode', () => {
    for (const [frameSkip, max] of [[1, 102], [4, 102], [4, 100]]) {
      const ale = new ALE('breakout', { frameSkip, maxFramesPerEpisode: max, repeatActionProbability: 0 });
      ale.reset();
      const steps = noops(ale, Math.ceil(max / frameSkip));
      const last = steps[steps.length - 1];
      expect(last, `skip ${frameSkip}, max ${max}`).toEqual({ frame: max, truncated: true, over: false });
      for (const s of steps.slice(0, -1)) expect(s.truncated).toBe(false);
      expect(ale.gameOver()).toBe(true);
      ale.act(0); // nothing more happens in an ended episode
      expect(ale.episodeFrameNumber()).toBe(max);
      ale.reset();
      expect(ale.truncated()).toBe(false);
      expect(noops(ale, 1)[0]).toEqual({ frame: frameSkip, truncated: false, over: false });
    }
  });

  it('truncateOnLossOfLife ends the episode at the frame the first life goes, as a truncation', () => {
    const play = (truncateOnLossOfLife: boolean) => {
      const ale = new ALE('breakout', { frameSkip: 4, truncateOnLossOfLife, repeatActionProbability: 0 });
      ale.reset();
      const lives = ale.lives();
      for (let i = 0; i < 5000; ++i) {
        ale.act([1, 3, 4][i % 3]);
        if (ale.lives() < lives) return { step: i, frame: ale.episodeFrameNumber(), lives: ale.lives(), truncated: ale.truncated(), over: ale.gameOver(), gameOver: ale.gameOver(false) };
      }
      throw new Error('no life was lost');
    };
    const plain = play(false), cut = play(true);
    expect(plain).toMatchObject({ lives: 4, truncated: false, over: false, gameOver: false });
    // Same game, same actions: the life goes during the same step, and the cut episode stops on that frame.
    expect(cut).toMatchObject({ step: plain.step, lives: 4, truncated: true, over: true, gameOver: false });
    expect(cut.frame).toBeGreaterThan(plain.frame - 4);
    expect(cut.frame).toBeLessThanOrEqual(plain.frame);
  });

  it('the env reports both as truncated, not terminated', () => {
    const env = make('BreakoutNoFrameskip-v4', { maxNumFramesPerEpisode: 50 }) as AtariEnv;
    env.reset({ seed: 1 });
    const flags = Array.from({ length: 50 }, () => env.step(0)).map((r) => [r.terminated, r.truncated]);
    expect(flags.slice(0, 49).every(([t, u]) => !t && !u)).toBe(true);
    expect(flags[49]).toEqual([false, true]);
  });
});
