// Videos end to end with the real emulator and the real ffmpeg: render Breakout through the CLI
// and CartPole/Atari through RecordVideo, look inside the mp4s, decode frames back and compare
// them with the emulator's screens; kill ffmpeg mid-write and check nothing is left behind.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

import './paths.ts';
import { AtariEnv } from '../src/env/atari.ts';
import { CartPoleEnv } from '../src/env/classic/cartpole.ts';
import { Wrapper, type RgbFrame, type ResetResult, type StepResult } from '../src/env/core.ts';
import { Rng } from '../src/env/rng.ts';
import { repoRoot } from '../src/native.ts';
import { episodeFrame, episodeLabel } from '../src/video/episode_frame.ts';
import { Mp4Writer } from '../src/video/mp4_writer.ts';
import { randomPolicy, type PolicyFactory } from '../src/video/render_episodes.ts';
import { buildQNetwork } from '../src/agents/dqn.ts';
import { loadDqnPolicy } from '../src/agents/dqn_policy.ts';
import { saveModel } from '../src/agents/model_io.ts';
import { wrapDeepMind } from '../src/wrappers/atari_wrappers.ts';
import { RecordVideo, cappedCubicVideoSchedule } from '../src/wrappers/record_video.ts';
import { TimeLimit } from '../src/wrappers/time_limit.ts';
import { decodeFrame, decodedFrameCount, ffmpegStreamInfo, frameError, probeMp4 } from './mp4_probe.ts';

const run = promisify(execFile);
const work = mkdtempSync(path.join(tmpdir(), 'atari-video-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// With crf 18 a correct frame stays well under this in every 8x8 block; a frame in which
// anything moved (ball, paddle, pole) has a block far above it.
// (Measured: about 4 for the right frame, 55 and more for a frame 2 steps away.)
const BLOCK_LIMIT = 16;
// Unscaled, 4:2:0 keeps colour at half resolution, which blurs 1-pixel colour detail: about 18
// for the right frame (at any crf), 35 and more for the frame a step away.
const BLOCK_LIMIT_1X = 26;

async function expectH264(file: string, width: number, height: number, frames: number, fps: number): Promise<void> {
  const t = probeMp4(file);
  expect(t.codec).toBe('avc1');
  expect([t.width, t.height]).toEqual([width, height]);
  expect(t.chromaFormat).toBe(1); // 4:2:0
  expect(t.bitDepthLuma).toBe(8);
  expect(t.sampleCount).toBe(frames);
  expect(t.sampleDeltas.length).toBe(1); // constant frame rate
  expect(t.timescale / t.sampleDeltas[0][1]).toBeCloseTo(fps, 6);
  const info = await ffmpegStreamInfo(file);
  expect(info.codec).toBe('h264');
  expect(info.pixFmt).toBe('yuv420p');
  expect([info.width, info.height]).toEqual([width, height]);
  expect(await decodedFrameCount(file)).toBe(frames);
}

/** Plays what `render` plays, independently recording each emulated frame with its episode and score. */
function replayBreakout(seed: number, episodes: number, maxSteps: number, policy: PolicyFactory = randomPolicy(seed)) {
  const atari = new AtariEnv({ game: 'breakout', obsType: 'none', frameskip: 1, repeatActionProbability: 0 });
  const shots: { screen: Uint8Array; episode: number; score: number; agent: Uint8Array }[] = [];
  let episode = 0;
  let score = 0;
  let agent: Uint8Array = new Uint8Array(4 * 84 * 84);
  const shoot = () => shots.push({ screen: atari.ale.getScreenRGB().slice(), episode, score, agent });
  class Recorder extends Wrapper<Uint8Array, number> {
    reset(o?: { seed?: number }): ResetResult<Uint8Array> {
      const r = this.env.reset(o);
      shoot();
      return r;
    }
    step(a: number): StepResult<Uint8Array> {
      const r = this.env.step(a);
      score += r.reward;
      shoot();
      return r;
    }
  }
  const env = wrapDeepMind(new Recorder(atari));
  const act = policy(env);
  let lifeLosses = 0;
  for (let ep = 1; ep <= episodes; ++ep) {
    episode = ep;
    score = 0;
    agent = new Uint8Array(4 * 84 * 84);
    let obs = env.reset({ seed: seed + ep - 1 }).observation;
    for (let steps = 1; ; ++steps) {
      agent = obs.toArray();
      const r = env.step(act(obs));
      obs = r.observation;
      if ('episode' in r.info || steps >= maxSteps) break;
      if (r.terminated || r.truncated) {
        lifeLosses++;
        obs = env.reset().observation;
      }
    }
  }
  return { shots, lifeLosses };
}

/** A checkpoint folder holding an untrained Q-network, as render --checkpoint reads it. */
async function saveQNetwork(dir: string, actions: number, network: 'nature' | 'small', seed: number): Promise<string> {
  const net = buildQNetwork(actions, { network, dueling: false, seed });
  mkdirSync(path.join(dir, 'online'), { recursive: true });
  await saveModel(net, path.join(dir, 'online'));
  net.dispose();
  return dir;
}

function differs(a: Uint8Array, b: Uint8Array): boolean {
  return a.some((v, i) => v !== b[i]);
}

describe('npm run render', () => {
  it('writes one H.264 mp4 of every emulated Breakout frame, with the frames the emulator showed', async () => {
    const out = path.join(work, 'sub', 'breakout.mp4');
    const seed = 5, episodes = 2, maxSteps = 60, scale = 2;
    const r = await run(process.execPath, ['--import', 'tsx', 'src/cli/render.ts', '--game', 'breakout', '--episodes', String(episodes),
      '--out', out, '--random', '--scale', String(scale), '--agent-view', '--seed', String(seed), '--max-steps', String(maxSteps)], { cwd: repoRoot });
    const { shots, lifeLosses } = replayBreakout(seed, episodes, maxSteps);
    expect(lifeLosses).toBeGreaterThan(0); // the life-loss path was exercised
    expect(r.stdout).toContain(`episode 2/2: score ${shots[shots.length - 1].score}, ${maxSteps} steps`);
    expect(r.stdout).toContain(`${shots.length} frames`);
    // Game 160x210 under a 10-row banner, agent view (2x2 tiles of 84 + gaps) beside it, all x2.
    const width = (160 + 5 + 169) * scale, height = (10 + 210) * scale;
    await expectH264(out, width, height, shots.length, 60);
    expect(readdirSync(path.dirname(out))).toEqual(['breakout.mp4']); // no temporary left

    const expected = (i: number) => {
      const s = shots[i];
      return episodeFrame({ data: s.screen, width: 160, height: 210 }, episodeLabel(s.episode, s.score), scale, { frames: s.agent, k: 4, size: 84 }).data;
    };
    // A frame of episode 2 in which the picture moves both ways in time.
    let k = Math.floor(shots.length * 0.75);
    while (!(differs(shots[k].screen, shots[k - 2].screen) && differs(shots[k].screen, shots[k + 2].screen))) k++;
    const decoded = await decodeFrame(out, k, width, height);
    const right = frameError(decoded, expected(k), width, height);
    const before = frameError(decoded, expected(k - 2), width, height);
    const after = frameError(decoded, expected(k + 2), width, height);
    const elsewhere = frameError(decoded, expected(40), width, height);
    expect(right.mean).toBeLessThan(2);
    expect(right.worstBlock).toBeLessThan(BLOCK_LIMIT);
    for (const wrong of [before, after, elsewhere]) expect(wrong.worstBlock).toBeGreaterThan(BLOCK_LIMIT);
  });

  it('plays a DQN checkpoint greedily (--checkpoint, --epsilon 0): the frames of that network\'s own choices', async () => {
    // An untrained network is as good as a trained one here: what matters is that render acts as it does.
    const ckpt = await saveQNetwork(path.join(work, 'agent'), 4, 'nature', 3);
    const out = path.join(work, 'agent.mp4');
    const seed = 2, maxSteps = 40;
    const r = await run(process.execPath, ['--import', 'tsx', 'src/cli/render.ts', '--game', 'breakout', '--episodes', '1', '--out', out,
      '--checkpoint', ckpt, '--epsilon', '0', '--seed', String(seed), '--max-steps', String(maxSteps)], { cwd: repoRoot });
    const greedy = await loadDqnPolicy(ckpt, 'breakout', 0, seed);
    const { shots } = replayBreakout(seed, 1, maxSteps, greedy);
    const random = replayBreakout(seed, 1, maxSteps).shots;
    expect(shots.some((s, i) => !random[i] || differs(s.screen, random[i].screen)), 'greedy play differs from random play').toBe(true);
    expect(r.stdout).toContain(`episode 1/1: score ${shots[shots.length - 1].score}, ${maxSteps} steps`);
    const width = 160 * 2, height = (10 + 210) * 2; // the default scale is 2
    await expectH264(out, width, height, shots.length, 60);
    const k = shots.length - 1;
    const decoded = await decodeFrame(out, k, width, height);
    const s = shots[k];
    const expected = episodeFrame({ data: s.screen, width: 160, height: 210 }, episodeLabel(s.episode, s.score), 2).data;
    expect(frameError(decoded, expected, width, height).worstBlock).toBeLessThan(BLOCK_LIMIT);
  });

  it('refuses a checkpoint whose network does not fit the game, with a clear message', async () => {
    const ckpt = await saveQNetwork(path.join(work, 'agent6'), 6, 'small', 1);
    const fail = await run(process.execPath, ['--import', 'tsx', 'src/cli/render.ts', '--game', 'breakout', '--out', path.join(work, 'no.mp4'),
      '--checkpoint', ckpt], { cwd: repoRoot }).then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => e);
    expect(fail.code).toBe(1);
    expect(fail.stderr).toMatch(/the checkpoint's network has 6 actions but breakout has 4/);
    expect(fail.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(work, 'no.mp4'))).toBe(false);
    const missing = await run(process.execPath, ['--import', 'tsx', 'src/cli/render.ts', '--game', 'breakout', '--checkpoint', path.join(work, 'nothing')],
      { cwd: repoRoot }).then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => e);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/--checkpoint .*nothing does not exist/);
  });

  it('rejects bad flags with the usage and exit code 2, without a stack trace', async () => {
    const cases: [string[], RegExp][] = [
      [['--game', 'breakout', '--bogus'], /Unknown option '--bogus'/],
      [['--game', 'breakout', '--episodes', 'three'], /--episodes must be an integer/],
      [['--game', 'brekout'], /unknown game 'brekout'\. Did you mean: breakout\?/],
      [['--game', 'breakout', '--checkpoint', 'runs/dqn', '--epsilon', '2'], /--epsilon must be a number from 0 to 1, got '2'/],
      [['--game', 'breakout', '--epsilon', '0.1'], /--epsilon needs --checkpoint/],
    ];
    for (const [args, message] of cases) {
      const r = await run(process.execPath, ['--import', 'tsx', 'src/cli/render.ts', ...args], { cwd: repoRoot }).then(
        () => ({ code: 0, stderr: '' }),
        (e: { code: number; stderr: string }) => e,
      );
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain('usage: npm run render');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('RecordVideo', () => {
  it('records a CartPole episode frame for frame at 50 fps', async () => {
    const folder = path.join(work, 'cartpole');
    const cartpole = new CartPoleEnv();
    const env = new RecordVideo(cartpole, { videoFolder: folder, namePrefix: 'cartpole' });
    const rng = new Rng(1);
    const shown: Uint8Array[] = [];
    env.reset({ seed: 1 });
    shown.push(cartpole.render().data);
    for (;;) {
      const r = env.step(rng.integers(0, 2));
      shown.push(cartpole.render().data);
      await env.ready();
      if (r.terminated || r.truncated) break;
    }
    expect(await env.finish()).toEqual([path.join(folder, 'cartpole-episode-0.mp4')]);
    const file = path.join(folder, 'cartpole-episode-0.mp4');
    await expectH264(file, 600, 400, shown.length, 50);
    const k = Math.floor(shown.length / 2);
    const decoded = await decodeFrame(file, k, 600, 400);
    expect(frameError(decoded, shown[k], 600, 400).worstBlock).toBeLessThan(BLOCK_LIMIT);
    // The pole and cart move between steps: a neighbouring frame does not pass.
    expect(frameError(decoded, shown[k + 1], 600, 400).worstBlock).toBeGreaterThan(BLOCK_LIMIT);
    expect(frameError(decoded, shown[k - 1], 600, 400).worstBlock).toBeGreaterThan(BLOCK_LIMIT);
  });

  it('records only the triggered episodes of an Atari env, one frame per step at 60 / frameskip fps', async () => {
    const folder = path.join(work, 'atari');
    const atari = new AtariEnv({ game: 'breakout', frameskip: 4, repeatActionProbability: 0 });
    const env = new RecordVideo(new TimeLimit(atari, 30), { videoFolder: folder, namePrefix: 'breakout', episodeTrigger: (id) => id === 1 });
    expect(env.fps).toBe(15);
    const shown: Uint8Array[] = [];
    for (let ep = 0; ep < 3; ++ep) {
      env.reset({ seed: ep });
      if (ep === 1) shown.push(atari.render().data);
      for (let done = false; !done; ) {
        const r = env.step(1 + (ep % 3));
        done = r.terminated || r.truncated;
        if (ep === 1) shown.push(atari.render().data);
      }
    }
    expect(await env.finish()).toEqual([path.join(folder, 'breakout-episode-1.mp4')]);
    expect(readdirSync(folder)).toEqual(['breakout-episode-1.mp4']);
    const file = path.join(folder, 'breakout-episode-1.mp4');
    await expectH264(file, 160, 210, 31, 15);
    let k = shown.length - 1;
    while (!differs(shown[k], shown[k - 1])) k--;
    const decoded = await decodeFrame(file, k, 160, 210);
    expect(frameError(decoded, shown[k], 160, 210).worstBlock).toBeLessThan(BLOCK_LIMIT_1X);
    expect(frameError(decoded, shown[k - 1], 160, 210).worstBlock).toBeGreaterThan(BLOCK_LIMIT_1X);
  });

  it("defaults to Gymnasium's capped cubic schedule", () => {
    const picked = Array.from({ length: 3001 }, (_, i) => i).filter(cappedCubicVideoSchedule);
    expect(picked).toEqual([0, 1, 8, 27, 64, 125, 216, 343, 512, 729, 1000, 2000, 3000]);
  });
});

describe('Mp4Writer backpressure', () => {
  it('stops accepting frames while ffmpeg is not reading, so memory cannot grow', async () => {
    const file = path.join(work, 'paused', 'p.mp4');
    const w = new Mp4Writer(file, { width: 320, height: 240, fps: 60 });
    await w.whenStarted();
    process.kill(w.pid!, 'SIGSTOP');
    const frame = new Uint8Array(320 * 240 * 3);
    let accepted = 0;
    const writing = (async () => {
      for (let i = 0; i < 200; ++i) {
        await w.write(frame);
        accepted++;
      }
    })();
    await new Promise((r) => setTimeout(r, 500));
    // Only the writer's queue (2 frames) and the pipe's own buffers fill up (3 frames here; 200 without backpressure).
    const whilePaused = accepted;
    process.kill(w.pid!, 'SIGCONT');
    await writing;
    const result = await w.finish();
    expect(whilePaused).toBeLessThan(8);
    expect(result.frames).toBe(200);
    expect(probeMp4(file).sampleCount).toBe(200);
  });
});

describe('Mp4Writer failures', () => {
  it('reports a killed ffmpeg clearly and leaves no file under the final name or the temporary one', async () => {
    const dir = path.join(work, 'killed');
    const file = path.join(dir, 'episode.mp4');
    const w = new Mp4Writer(file, { width: 640, height: 480, fps: 60 });
    await w.whenStarted();
    const pid = w.pid!;
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).toContain('ffmpeg');
    const frame = new Uint8Array(640 * 480 * 3);
    let error: Error | undefined;
    try {
      for (let i = 0; i < 10_000; ++i) {
        if (i === 30) process.kill(pid, 'SIGKILL');
        frame.fill(i & 255);
        await w.write(frame);
      }
      await w.finish();
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(/^ffmpeg \(.+\) was killed by signal SIGKILL while writing .*episode\.mp4/);
    expect(error?.message).toContain(`No video was written to ${file}`);
    expect((error as Error & { signal: string }).signal).toBe('SIGKILL');
    expect(existsSync(file)).toBe(false);
    expect(existsSync(w.tempPath)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
    await expect(w.finish()).rejects.toBe(error);
  });

  it('reports an ffmpeg that exits with an error code, with its exit code and advice', async () => {
    const dir = path.join(work, 'failing');
    const file = path.join(dir, 'x.mp4');
    // A real program standing in for a broken ffmpeg: it exits with code 1 at once.
    const w = new Mp4Writer(file, { width: 64, height: 48, fps: 30, ffmpeg: { path: '/bin/false', source: 'ATARI_FFMPEG' } });
    const frame = new Uint8Array(64 * 48 * 3);
    const error = await (async () => {
      for (let i = 0; i < 1000; ++i) await w.write(frame);
      await w.finish();
    })().then(() => undefined, (e: Error) => e);
    expect(error?.message).toMatch(/ffmpeg \(\/bin\/false, chosen from ATARI_FFMPEG\) (exited with code 1|could not be run)/);
    expect(error?.message).toMatch(/ATARI_FFMPEG/);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('names ATARI_FFMPEG when it points at no program', async () => {
    const { resolveFfmpeg } = await import('../src/video/ffmpeg_path.ts');
    expect(() => resolveFfmpeg({ ATARI_FFMPEG: path.join(work, 'no-such-ffmpeg') })).toThrow(/ATARI_FFMPEG=.*no-such-ffmpeg is not an executable ffmpeg/);
    expect(resolveFfmpeg({ PATH: '' }).source).toBe('@ffmpeg-installer/ffmpeg');
  });
});
