import { describe, expect, it } from 'vitest';

import { AtariEnv, make } from '../src/index.ts';
import { EpisodicLife, FireReset, MaxAndSkip, NoopReset, WarpFrame, wrapDeepMind } from '../src/wrappers/atari_wrappers.ts';
import { native } from '../src/native.ts';
import './paths.ts';

const noFrameskip = (name: string) => make(`${name}NoFrameskip-v4`) as AtariEnv;
const aleOf = (env: AtariEnv) => (env.unwrapped as AtariEnv).ale;

describe('DeepMind wrappers on real games', () => {
  it('NoopReset: 1..30 no-ops, drawn from the seeded generator', () => {
    const counts = new Set<number>();
    const env = new NoopReset(noFrameskip('Pong'));
    for (let s = 0; s < 40; ++s) {
      env.reset({ seed: s });
      expect(env.lastNoops).toBeGreaterThanOrEqual(1);
      expect(env.lastNoops).toBeLessThanOrEqual(30);
      counts.add(env.lastNoops);
    }
    expect(counts.size).toBeGreaterThan(10);
    const a = new NoopReset(noFrameskip('Pong')), b = new NoopReset(noFrameskip('Pong'));
    a.reset({ seed: 9 });
    b.reset({ seed: 9 });
    expect(a.lastNoops).toBe(b.lastNoops);
  });

  it('MaxAndSkip: 4 frames per step, summed reward, max of the last two frames', () => {
    const raw = noFrameskip('SpaceInvaders');
    const env = new MaxAndSkip(raw, 4);
    env.reset({ seed: 0 });
    const before = aleOf(raw).episodeFrameNumber();
    const r = env.step(1);
    expect(aleOf(raw).episodeFrameNumber() - before).toBe(4);
    // Replaying the same four frames by hand gives the same max-pooled observation.
    const ref = noFrameskip('SpaceInvaders');
    ref.reset({ seed: 0 });
    const frames = [0, 1, 2, 3].map(() => ref.step(1).observation);
    const expected = new Uint8Array(frames[3].length);
    native().maxPool(frames[2], frames[3], expected);
    expect(Buffer.compare(Buffer.from(r.observation), Buffer.from(expected))).toBe(0);
  });

  it('FireReset presses FIRE only for games that have it', () => {
    expect(() => new FireReset(noFrameskip('Breakout'))).not.toThrow();
    expect(() => new FireReset(noFrameskip('Freeway'))).toThrow(/FIRE/);
    const dm = wrapDeepMind(noFrameskip('Freeway'));
    expect(dm.reset({ seed: 0 }).observation.length).toBe(4);
  });

  it('EpisodicLife: a lost life ends the learner episode, the game goes on, and reset does not restart it', () => {
    const raw = noFrameskip('Breakout');
    const env = new EpisodicLife(new MaxAndSkip(raw, 4));
    let r = env.reset({ seed: 0 });
    expect(r.info.lives).toBe(5);
    let steps = 0;
    let step;
    do {
      step = env.step(steps % 4 === 0 ? 1 : 0); // keep serving, never move: lives are lost
      steps++;
    } while (!step.terminated && steps < 2000);
    expect(step.terminated).toBe(true);
    expect(step.info.lives).toBe(4);
    expect(aleOf(raw).gameOver()).toBe(false);
    const frame = aleOf(raw).frameNumber();
    r = env.reset();
    expect(r.info.lives).toBe(4); // same game
    expect(aleOf(raw).frameNumber()).toBe(frame + 4); // one no-op step (4 frames), no console reset
  });

  it('wrapDeepMind: 4x84x84 stacks, clipped rewards, raw episodic return, same seed same trajectory', () => {
    const run = () => {
      const env = wrapDeepMind(noFrameskip('SpaceInvaders'), { episodicLife: false });
      let obs = env.reset({ seed: 3 }).observation;
      expect(obs.toArray().length).toBe(4 * 84 * 84);
      const trace: number[] = [];
      let raw = 0;
      let clipped = 0;
      for (let t = 0; t < 5000; ++t) {
        const r = env.step(t % 3 === 0 ? 1 : (t >> 4) % 6);
        trace.push(r.reward, r.observation.frame(3)[3000]);
        clipped += r.reward;
        expect([-1, 0, 1]).toContain(r.reward);
        if (r.info.episode) {
          raw = (r.info.episode as { r: number }).r;
          break;
        }
        if (r.terminated || r.truncated) break;
        obs = r.observation;
      }
      return { trace, raw, clipped };
    };
    const a = run();
    expect(a).toEqual(run());
    expect(a.raw).toBeGreaterThan(a.clipped); // invaders pay 5..30 points: the raw return exceeds the clipped sum
    expect(a.clipped).toBeGreaterThan(0);
  });

  it('WarpFrame gives 84x84 from rgb and grayscale frames alike', () => {
    const rgb = new WarpFrame(make('PongNoFrameskip-v4') as AtariEnv);
    const gray = new WarpFrame(make('PongNoFrameskip-v4', { obsType: 'grayscale' }) as AtariEnv);
    expect(rgb.reset({ seed: 0 }).observation.length).toBe(84 * 84);
    expect(gray.reset({ seed: 0 }).observation.length).toBe(84 * 84);
    expect(rgb.observationSpace.shape).toEqual([84, 84]);
  });
});

describe('AtariPreprocessing (Gymnasium semantics)', () => {
  it('max of ALE gray screens at the last two repeats, resized with INTER_AREA', async () => {
    const { AtariPreprocessing } = await import('../src/wrappers/atari_preprocessing.ts');
    const env = new AtariPreprocessing(make('BreakoutNoFrameskip-v4') as AtariEnv, { noopMax: 0 });
    env.reset({ seed: 0 });
    const r = env.step(1);
    expect(r.observation.length).toBe(84 * 84);
    // The same four frames by hand.
    const ref = make('BreakoutNoFrameskip-v4') as AtariEnv;
    ref.reset({ seed: 0 });
    const ale = aleOf(ref);
    const g = [new Uint8Array(210 * 160), new Uint8Array(210 * 160)];
    for (let t = 0; t < 4; ++t) {
      ref.step(1);
      if (t >= 2) ale.getScreenGrayscale(g[t - 2]);
    }
    const max = new Uint8Array(210 * 160);
    native().maxPool(g[0], g[1], max);
    const expected = new Uint8Array(84 * 84);
    native().resizeArea(max, 160, 210, 1, 84, 84, expected);
    expect(Buffer.compare(Buffer.from(r.observation), Buffer.from(expected))).toBe(0);
  });

  it('terminal on life loss stops at once; frame skip must be done by the wrapper', async () => {
    const { AtariPreprocessing } = await import('../src/wrappers/atari_preprocessing.ts');
    const env = new AtariPreprocessing(make('BreakoutNoFrameskip-v4') as AtariEnv, { terminalOnLifeLoss: true });
    env.reset({ seed: 1 });
    let r;
    let n = 0;
    do {
      r = env.step(n % 8 === 0 ? 1 : 0);
      n++;
    } while (!r.terminated && n < 3000);
    expect(r.terminated).toBe(true);
    expect(r.info.lives).toBe(4);
    expect(() => new AtariPreprocessing(make('ALE/Breakout-v5') as AtariEnv)).toThrow(/NoFrameskip/);
  });
});

describe('fused skip + max-pool + warp on raw screens', () => {
  it('gives exactly the frames, rewards and ends of MaxAndSkip followed by WarpFrame', () => {
    const run = (obsType: 'rgb' | 'none') => {
      const env = wrapDeepMind(make('BreakoutNoFrameskip-v4', { obsType }) as AtariEnv);
      const out: string[] = [Buffer.from(env.reset({ seed: 5 }).observation.toArray()).toString('base64')];
      for (let t = 0; t < 400; ++t) {
        const r = env.step(t % 4);
        out.push(`${r.reward}/${r.terminated}/${r.truncated}/${Buffer.from(r.observation.frame(3)).toString('base64')}`);
        if (r.terminated || r.truncated) out.push(Buffer.from(env.reset().observation.toArray()).toString('base64'));
      }
      return out;
    };
    expect(run('none')).toEqual(run('rgb'));
  });
});
