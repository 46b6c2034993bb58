// A short train:breakout run through the real CLI: metrics, TensorBoard events, checkpoints and
// --resume, on the backend that loads here (onednn where its libraries are installed, else wasm).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import './paths.ts';
import { repoRoot } from '../src/native.ts';
import { readEvents } from '../src/logging/tensorboard_reader.ts';
import { findLatestCheckpoint } from '../src/io/atomic.ts';
import { loadModel } from '../src/agents/model_io.ts';

const run = promisify(execFile);
const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
const train = (args: string[]) => run(tsx, ['src/cli/train.ts', ...args], { cwd: repoRoot, env: process.env, maxBuffer: 1 << 24 });

describe('train:breakout (short)', () => {
  const runs = fs.mkdtempSync(path.join(os.tmpdir(), 'dqn-runs-'));
  const common = ['--game', 'breakout', '--runs-dir', runs, '--run-name', 'short', '--learning-starts', '500',
    '--buffer-size', '3000', '--batch-size', '16', '--checkpoint-frequency', '500', '--eval-episodes', '1',
    '--max-episode-frames', '4000', '--target-update-frequency', '200'];

  it('writes config, metrics, TensorBoard scalars and checkpoints; --resume continues at the saved step', async () => {
    const first = await train([...common, '--total-steps', '1000']);
    expect(first.stderr).toMatch(/backend: (onednn|wasm|tensorflow|cpu)/);
    const dir = path.join(runs, 'short');
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ game: 'breakout', totalSteps: 1000, learningStarts: 500, bufferSize: 3000 });

    const rows = fs.readFileSync(path.join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const episodes = rows.filter((r) => 'return' in r);
    expect(episodes.length).toBeGreaterThan(0);

    const files = fs.readdirSync(dir).filter((f) => f.startsWith('events.out.tfevents.'));
    expect(files).toHaveLength(1);
    const events = readEvents(path.join(dir, files[0])); // throws on any CRC mismatch
    expect(events[0].fileVersion).toBe('brain.Event:2');
    const scalars = events.flatMap((e) => e.scalars.map((s) => ({ ...s, step: e.step })));
    const returns = scalars.filter((s) => s.tag === 'charts/episodic_return');
    expect(returns.map((s) => s.value)).toEqual(episodes.map((e) => e.return));
    expect(returns.map((s) => s.step)).toEqual(episodes.map((e) => e.step));
    const losses = scalars.filter((s) => s.tag === 'losses/td_loss');
    expect(losses.length).toBeGreaterThan(0);
    for (const l of losses) expect(Number.isFinite(l.value) && l.step >= 500).toBe(true);
    for (const tag of ['losses/q_values', 'charts/epsilon', 'charts/SPS', 'charts/episodic_length'])
      expect(scalars.some((s) => s.tag === tag), tag).toBe(true);

    // The evaluation episode was recorded into the run directory.
    expect(fs.statSync(path.join(dir, 'videos', 'eval-step-1000-episode-0.mp4')).size).toBeGreaterThan(1000);

    const latest = findLatestCheckpoint(dir)!;
    expect(path.basename(latest)).toBe('step-000001000');
    expect(JSON.parse(fs.readFileSync(path.join(latest, 'state.json'), 'utf8')).step).toBe(1000);
    const model = await loadModel(path.join(latest, 'online'));
    expect(model.outputs[0].shape).toEqual([null, 4]);

    // The trained agent plays into an mp4 through npm run render; a wrong game is refused.
    const video = path.join(runs, 'agent.mp4');
    const render = (args: string[]) => run(tsx, ['src/cli/render.ts', ...args], { cwd: repoRoot, maxBuffer: 1 << 24 });
    const shown = await render(['--game', 'breakout', '--checkpoint', dir, '--episodes', '1', '--max-steps', '40', '--epsilon', '0', '--out', video]);
    expect(shown.stdout).toMatch(/episode 1\/1: score \d+, 40 steps/);
    expect(fs.statSync(video).size).toBeGreaterThan(1000);
    await expect(render(['--game', 'pong', '--checkpoint', dir, '--out', video])).rejects.toMatchObject({ stderr: expect.stringMatching(/an agent for breakout, not pong/) });

    // npm run export: the online network alone, verified by its manifest, plays exactly as the run's checkpoint.
    const shipped = path.join(runs, 'shipped');
    const exported = await run(tsx, ['src/cli/export.ts', dir, '--out', shipped], { cwd: repoRoot });
    expect(exported.stdout).toMatch(/the online network of step-000001000 \(step 1000, 6\.\d MiB\)/);
    expect(fs.readdirSync(shipped).sort()).toEqual(['COMPLETE', 'MANIFEST.json', 'config.json', 'exported.json', 'learning-curve.png', 'metrics.jsonl', 'online']);
    const copy = await loadModel(path.join(shipped, 'online'));
    expect(copy.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(model.getWeights().map((w) => Array.from(w.dataSync())));
    const replayed = await render(['--game', 'breakout', '--checkpoint', shipped, '--episodes', '1', '--max-steps', '40', '--epsilon', '0', '--out', video]);
    expect(replayed.stdout.split('\n')[0]).toBe(shown.stdout.split('\n')[0]);
    const weightsFile = path.join(shipped, 'online', 'weights.bin');
    const damaged = fs.readFileSync(weightsFile);
    damaged[1000] ^= 0xff;
    fs.writeFileSync(weightsFile, damaged);
    await expect(render(['--game', 'breakout', '--checkpoint', shipped, '--out', video])).rejects.toMatchObject({ stderr: expect.stringMatching(/damaged: online\/weights.bin does not match its SHA-256/) });

    const second = await train([...common, '--total-steps', '1100', '--resume']);
    expect(second.stderr).toMatch(/resumed from .*step-000001000 at step 1000/);
    expect(path.basename(findLatestCheckpoint(dir)!)).toBe('step-000001100');
    const after = fs.readFileSync(path.join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(after.length).toBeGreaterThan(rows.length);
    expect(after.slice(rows.length).every((r) => r.step >= 1000)).toBe(true);
  }, 600_000);

  it('the same seed gives the same run: identical episodes and identical weights', async () => {
    const args = (name: string) => ['--game', 'pong', '--runs-dir', runs, '--run-name', name, '--total-steps', '400', '--learning-starts', '100',
      '--buffer-size', '1000', '--batch-size', '8', '--network', 'small', '--checkpoint-frequency', '0', '--eval-episodes', '0',
      '--max-episode-frames', '1200', '--seed', '5'];
    await train(args('same-a'));
    await train(args('same-b'));
    const rows = (name: string) => fs.readFileSync(path.join(runs, name, 'metrics.jsonl'), 'utf8').trim().split('\n')
      .map((l) => { const { time, ...rest } = JSON.parse(l); return rest; });
    expect(rows('same-a').length).toBeGreaterThan(1);
    expect(rows('same-b')).toEqual(rows('same-a'));
    const weights = (name: string) => fs.readFileSync(path.join(findLatestCheckpoint(path.join(runs, name))!, 'online', 'weights.bin'));
    expect(weights('same-b').equals(weights('same-a'))).toBe(true);
  }, 300_000);

  it('rejects bad flags and a missing ROM with clear messages', async () => {
    await expect(train(['--total-steps', 'many'])).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/--total-steps must be a number, got 'many'/) });
    await expect(train(['--no-such-flag'])).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown flag --no-such-flag/) });
    await expect(train(['--network', 'huge'])).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/--network must be one of nature, small/) });
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'no-roms-'));
    await expect(run(tsx, ['src/cli/train.ts', '--game', 'pong'], { cwd: repoRoot, env: { ...process.env, ATARI_ROMS_DIR: empty } }))
      .rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/No ROM for 'pong'.*npm run roms -- import/s) });
  }, 120_000);
});
