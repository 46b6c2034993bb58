import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { AtariEnv, make } from '../src/index.ts';
import { EpisodicLife, FireReset, MaxAndSkip, NoopReset, WarpFrame, wrapDeepMind } from '../src/wrappers/atari_wrappers.ts';
import { native } from '../src/native.ts';
import { fixturesDir } from './paths.ts';

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
      // The no-ops were played: one frame each since the console reset (NoFrameskip).
      expect(aleOf(env as unknown as AtariEnv).episodeFrameNumber()).toBe(env.lastNoops);
      counts.add(env.lastNoops);
    }
    expect(counts.size).toBeGreaterThan(10);
    const a = new NoopReset(noFrameskip('Pong')), b = new NoopReset(noFrameskip('Pong'));
    a.reset({ seed: 9 });
    b.reset({ seed: 9 });
    expect(a.lastNoops).toBe(b.lastNoops);
  });

  it('MaxAndSkip: 4 frames per step, the reward of all four summed, the max of the last two frames', () => {
    const raw = noFrameskip('SpaceInvaders');
    const env = new MaxAndSkip(raw, 4);
    env.reset({ seed: 0 });
    // The same frames by hand on a second env: rewards added and pixels maxed in plain JS.
    const ref = noFrameskip('SpaceInvaders');
    ref.reset({ seed: 0 });
    let scoring = 0, earlyReward = 0, maxNotLast = 0;
    for (let t = 0; t < 150; ++t) {
      const a = t % 3 === 0 ? 1 : (t >> 3) % 6;
      const before = aleOf(raw).episodeFrameNumber();
      const r = env.step(a);
      expect(aleOf(raw).episodeFrameNumber() - before).toBe(4);
      const frames = [0, 1, 2, 3].map(() => ref.step(a));
      const rewards = frames.map((f) => f.reward);
      const [f2, f3] = [frames[2].observation, frames[3].observation];
      const max = f3.map((v, i) => Math.max(v, f2[i]));
      expect(r.reward, `step ${t}: frame rewards ${rewards}`).toBe(rewards.reduce((x, y) => x + y, 0));
      expect(Buffer.from(r.observation).equals(Buffer.from(max)), `step ${t} observation`).toBe(true);
      if (r.reward > 0) scoring++;
      if (rewards.slice(0, 3).some((x) => x !== 0)) earlyReward++;
      if (!Buffer.from(max).equals(Buffer.from(f3))) maxNotLast++;
    }
    // The steps checked include scores paid on a frame before the last and frames where the max is not the last frame.
    expect(scoring).toBeGreaterThanOrEqual(3);
    expect(earlyReward).toBeGreaterThanOrEqual(2);
    expect(maxNotLast).toBeGreaterThan(50);
  });

  it('MaxAndSkip + WarpFrame equal OpenCV on the reference frames, from rgb and from ALE gray screens', () => {
    // The trace policy's first action, held for steps 0..3: the fixtures' max of the screens at t = 2 and 3.
    const x = (Math.imul(12345, 1664525) + 1013904223) >>> 0;
    const first = (x >>> 16) % 14; // Asteroids' minimal action set has 14 actions
    const fixture = (kind: string) => new Uint8Array(readFileSync(path.join(fixturesDir, `asteroids.${kind}.bin`)));
    for (const [obsType, kind] of [['rgb', 'sb3'], ['grayscale', 'gym']] as const) {
      const env = new WarpFrame(new MaxAndSkip(make('AsteroidsNoFrameskip-v4', { obsType }) as AtariEnv, 4));
      env.reset({ seed: 0 });
      const got = env.step(first).observation;
      const want = fixture(`maxpool23_warp_${kind}`);
      expect(Buffer.from(got).equals(Buffer.from(want)), `${obsType} max-pooled`).toBe(true);
      // Asteroids flickers: the max is not the last frame alone.
      expect(Buffer.from(want).equals(Buffer.from(fixture(`warp_${kind}`).subarray(3 * 7056, 4 * 7056)))).toBe(false);
    }
  });

  it('FireReset presses FIRE then action 2 after the reset, only for games that have FIRE', () => {
    expect(() => new FireReset(noFrameskip('Freeway'))).toThrow(/FIRE/);
    const dm = wrapDeepMind(noFrameskip('Freeway'));
    expect(dm.reset({ seed: 0 }).observation.length).toBe(4);
    // Later screens tell the presses apart: the ball is served by FIRE, the paddle moves with RIGHT.
    const later = (reset: (e: AtariEnv) => Uint8Array | void) => {
      const e = make('BreakoutNoFrameskip-v4', { obsType: 'rgb' }) as AtariEnv;
      const first = reset(e);
      let o = e.step(0).observation;
      for (let i = 0; i < 100; ++i) o = e.step(0).observation;
      return { first, later: Buffer.from(o) };
    };
    const byHand = (acts: number[]) => later((e) => {
      e.reset({ seed: 0 });
      let o;
      for (const a of acts) o = e.step(a).observation;
      return o;
    });
    let frames = -1;
    const fired = later((e) => {
      const o = new FireReset(e).reset({ seed: 0 }).observation;
      frames = aleOf(e).episodeFrameNumber();
      return o;
    });
    expect(frames).toBe(2);
    const want = byHand([1, 2]);
    expect(Buffer.from(fired.first!).equals(Buffer.from(want.first!))).toBe(true);
    expect(fired.later.equals(want.later)).toBe(true);
    for (const other of [[0, 0], [1, 0], [1, 3], [0, 2]]) expect(byHand(other).later.equals(want.later), `${other}`).toBe(false);
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

  it('WarpFrame gives 84x84 from rgb and grayscale frames alike, equal to OpenCV on the reference screens', () => {
    const rgb = new WarpFrame(make('PongNoFrameskip-v4') as AtariEnv);
    const gray = new WarpFrame(make('PongNoFrameskip-v4', { obsType: 'grayscale' }) as AtariEnv);
    expect(rgb.reset({ seed: 0 }).observation.length).toBe(84 * 84);
    expect(gray.reset({ seed: 0 }).observation.length).toBe(84 * 84);
    expect(rgb.observationSpace.shape).toEqual([84, 84]);
    // The trace policy's steps 0..10; the fixtures hold the screens after steps 0, 1, 2, 3 and 10.
    const fixture = (kind: string) => new Uint8Array(readFileSync(path.join(fixturesDir, `pong.${kind}.bin`)));
    const sb3 = fixture('warp_sb3'), gym = fixture('warp_gym');
    let x = 12345, a = 0;
    for (let t = 0, k = 0; t <= 10; ++t) {
      if (t % 4 === 0) {
        x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
        a = (x >>> 16) % 6; // Pong's minimal action set has 6 actions
      }
      const fromRgb = rgb.step(a).observation, fromGray = gray.step(a).observation;
      if (t > 3 && t !== 10) continue;
      expect(Buffer.from(fromRgb).equals(Buffer.from(sb3.subarray(k * 7056, (k + 1) * 7056))), `rgb t=${t}`).toBe(true);
      expect(Buffer.from(fromGray).equals(Buffer.from(gym.subarray(k * 7056, (k + 1) * 7056))), `gray t=${t}`).toBe(true);
      k++;
    }
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
