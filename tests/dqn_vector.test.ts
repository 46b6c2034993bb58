// train:breakout with --num-envs N: N games on the native vector env, batched acting, the env step
// overlapped with the train step, one replay stream per env. Through the real CLI: the same seed
// gives the same run, a stop and --resume restores every stream, bad combinations fail in one line.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import './paths.ts';
import { repoRoot } from '../src/native.ts';
import { ReplayStreams } from '../src/agents/replay_streams.ts';

const exec = promisify(execFile);
const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
const runs = fs.mkdtempSync(path.join(os.tmpdir(), 'dqn-vector-'));
const train = (args: string[]) => exec(tsx, ['src/cli/train.ts', ...args], { cwd: repoRoot, env: process.env, maxBuffer: 1 << 26 });
const tiny = (name: string) => ['--game', 'breakout', '--runs-dir', runs, '--run-name', name, '--num-envs', '3', '--total-steps', '1500',
  '--learning-starts', '450', '--buffer-size', '1500', '--batch-size', '8', '--network', 'small', '--train-frequency', '2',
  '--gradient-steps', '2', '--target-update-frequency', '300', '--checkpoint-frequency', '600', '--eval-episodes', '0', '--eval-videos', '0',
  '--max-episode-frames', '4000', '--seed', '7'];
const rows = (name: string) => fs.readFileSync(path.join(runs, name, 'metrics.jsonl'), 'utf8').trim().split('\n')
  .map((l) => { const { time, ...rest } = JSON.parse(l); return rest; });
const ckpt = (name: string, step: number) => path.join(runs, name, 'checkpoints', `step-${String(step).padStart(9, '0')}`);
const weights = (dir: string) => fs.readFileSync(path.join(dir, 'online', 'weights.bin'));
const savedCount = (dir: string) => fs.readdirSync(path.join(dir, 'replay')).sort()
  .map((s) => JSON.parse(fs.readFileSync(path.join(dir, 'replay', s, 'index.json'), 'utf8')).count as number);

describe('train:breakout --num-envs 3', () => {
  it('the same seed gives the same run, with every env\'s games in the metrics', async () => {
    await train(tiny('a'));
    await train(tiny('b'));
    const a = rows('a');
    expect(a.filter((r) => r.episode !== undefined).length).toBeGreaterThanOrEqual(3);
    expect(rows('b')).toEqual(a);
    expect(weights(ckpt('b', 1500)).equals(weights(ckpt('a', 1500)))).toBe(true);
    // The games are not one game three times: the envs start from different seeds.
    const returns = a.filter((r) => r.episode !== undefined).map((r) => `${r.return}/${r.length}`);
    expect(new Set(returns).size).toBeGreaterThan(1);
    // Three streams, each holding its own env's transitions (a stream per env, about a third each).
    const counts = savedCount(ckpt('a', 1200));
    expect(counts).toHaveLength(3);
    for (const n of counts) expect(n).toBeGreaterThan(1200 / 3 - 5);
  }, 300_000);

  it('--stop-at and --resume restore every stream and learn at once', async () => {
    await train([...tiny('c'), '--stop-at', '900']);
    const at = ckpt('c', 900);
    const saved = savedCount(at);
    expect(saved.reduce((s, n) => s + n, 0)).toBeGreaterThan(900);
    const { stderr } = await train([...tiny('c'), '--resume']);
    expect(stderr).toContain(`replay memory restored: ${saved.reduce((s, n) => s + n, 0)} transitions in 3 env streams`);
    // Learning went on from the first step after the resume: the weights moved before any refill could end.
    const after = ckpt('c', 1200);
    expect(weights(after).equals(weights(at))).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(after, 'state.json'), 'utf8')).trainSteps)
      .toBeGreaterThan(JSON.parse(fs.readFileSync(path.join(at, 'state.json'), 'utf8')).trainSteps);
    await expect(train([...tiny('c'), '--resume', '--num-envs', '2'])).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/--num-envs 2 contradicts the run's 3/) });
  }, 300_000);

  it('bad flags and combinations fail in one line naming the fix', async () => {
    const bad = async (args: string[], message: RegExp) => {
      const e = await train(['--game', 'breakout', '--runs-dir', runs, ...args]).then(() => undefined, (x) => x);
      expect(e?.code).toBe(2);
      // One error line (then the usage), no stack.
      const lines = String(e.stderr).split('\n').filter((l: string) => l.trim());
      expect(lines[0]).toMatch(message);
      expect(lines.filter((l: string) => /^error:/.test(l) || /^\s+at /.test(l))).toHaveLength(1);
    };
    await bad(['--num-envs', '0'], /--num-envs must be .*1/);
    await bad(['--num-envs', '300'], /--num-envs must be .*256/);
    await bad(['--num-envs', '2', '--prioritized'], /--prioritized runs with one env.*drop --num-envs 2 or --prioritized/);
    await bad(['--num-envs', '4', '--buffer-size', '20', '--batch-size', '4'], /raise --buffer-size to at least 24/);
    await bad(['--gradient-steps', '0'], /--gradient-steps must be/);
  }, 120_000);
});

describe('ReplayStreams', () => {
  it('samples uniformly over all transitions held, each from its own stream', () => {
    const frame = (v: number) => new Uint8Array(4).fill(v);
    const mem = new ReplayStreams(2, { capacity: 400, frameShape: [2, 2], stack: 2, seed: 3 });
    // Stream 0 holds 150 transitions of frames 10, stream 1 holds 50 of frames 20: draws 3:1.
    for (const [i, n] of [[0, 150], [1, 50]]) {
      const m = mem.streams[i];
      m.startEpisode(frame(10 * (i + 1)));
      for (let k = 0; k < n; ++k) m.add(i, 0, frame(10 * (i + 1)), false, false);
    }
    expect(mem.size).toBe(202); // slots: an episode of T steps takes T + 1
    let fromFirst = 0;
    const draws = 4000;
    for (let t = 0; t < draws / 40; ++t) {
      const b = mem.sample(40);
      for (let k = 0; k < 40; ++k) {
        const stream = b.actions[k];
        // Observation and next observation come from the stream the action came from.
        expect(b.obs[k * 8]).toBe(10 * (stream + 1));
        expect(b.nextObs[k * 8 + 7]).toBe(10 * (stream + 1));
        if (stream === 0) fromFirst++;
      }
    }
    expect(fromFirst / draws).toBeGreaterThan(0.72);
    expect(fromFirst / draws).toBeLessThan(0.78);
    expect(() => new ReplayStreams(2, { capacity: 400, frameShape: [2, 2], stack: 2, prioritized: { alpha: 0.6 } })).toThrow(/one env/);
  });
});
