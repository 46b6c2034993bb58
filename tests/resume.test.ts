// --resume through the real CLIs on real runs: a run length below the checkpoint, flags that
// contradict the run and damaged checkpoints are caught before anything is written; flags that may
// change are taken and logged; damaged checkpoints are named and passed over (or refused with
// --strict), for DQN runs, render --checkpoint, GAN runs and gan:sample.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import './paths.ts';
import { repoRoot } from '../src/native.ts';
import { listCheckpoints, verifyCheckpoint } from '../src/io/checkpoint_manifest.ts';

const exec = promisify(execFile);
const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
type Result = { code: number; stdout: string; stderr: string };
const cli = (file: string, args: string[]): Promise<Result> =>
  exec(tsx, [file, ...args], { cwd: repoRoot, maxBuffer: 1 << 24 }).then((r) => ({ code: 0, ...r }), (e) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));

/** Every file of a run directory with its size, modification time and content hash. */
function snapshot(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).sort().map((rel) => {
    const f = path.join(dir, rel);
    const st = fs.statSync(f);
    return st.isFile() ? `${rel} ${st.size} ${st.mtimeMs} ${crypto.createHash('md5').update(fs.readFileSync(f)).digest('hex')}` : `${rel}/`;
  });
}

const errorLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('error:') || l.startsWith('render:'));

describe('DQN --resume', () => {
  const runs = fs.mkdtempSync(path.join(os.tmpdir(), 'resume-'));
  const dir = path.join(runs, 'r');
  const common = ['--game', 'breakout', '--runs-dir', runs, '--run-name', 'r', '--learning-starts', '100', '--buffer-size', '1000',
    '--batch-size', '8', '--network', 'small', '--checkpoint-frequency', '100', '--eval-episodes', '0', '--eval-videos', '0',
    '--max-episode-frames', '2000'];
  const train = (args: string[]) => cli('src/cli/train.ts', args);

  beforeAll(async () => {
    const first = await train([...common, '--total-steps', '300']);
    expect(first.code, first.stderr).toBe(0);
  }, 300_000);

  it('a --total-steps below the checkpoint step is refused with one line that says what to pass, and nothing is written', async () => {
    const before = snapshot(dir);
    const r = await train(['--runs-dir', runs, '--run-name', 'r', '--resume', '--total-steps', '10']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --resume: --total-steps 10 is not above the step of the checkpoint to resume \(300, .*step-000000300\); pass --total-steps greater than 300\n$/);
    // The finished run without a new length: the same, naming the run's own length.
    const again = await train(['--runs-dir', runs, '--run-name', 'r', '--resume']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^error: --resume: the run already reached its --total-steps 300 .*; pass --total-steps greater than 300 to train further\n$/);
    expect(snapshot(dir)).toEqual(before);
  }, 120_000);

  it('a flag that contradicts the run is refused before anything is written; the flags that may change are taken and logged', async () => {
    const before = snapshot(dir);
    for (const [flag, value, saved] of [['--game', 'pong', 'breakout'], ['--learning-rate', '0.001', '0.0001'], ['--network', 'nature', 'small']]) {
      const r = await train(['--runs-dir', runs, '--run-name', 'r', '--resume', '--total-steps', '400', flag, value]);
      expect(r.code).toBe(2);
      expect(errorLines(r.stderr)).toHaveLength(1);
      expect(r.stderr).toContain(`error: --resume: ${flag} ${value} contradicts the run's ${saved} (`);
      expect(r.stderr).toMatch(/On resume only --total-steps, .*--checkpoint-frequency may change/);
    }
    expect(snapshot(dir)).toEqual(before);

    // Repeating the run's own settings is no contradiction; a longer run and another checkpoint interval are logged.
    const r = await train([...common, '--resume', '--total-steps', '400', '--checkpoint-frequency', '50']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('resume: --total-steps changes from 300 to 400 at step 300');
    expect(r.stderr).toContain('resume: --checkpoint-frequency changes from 100 to 50 at step 300');
    expect(r.stderr).toMatch(/resumed from .*step-000000300 at step 300/);
    const log = fs.readFileSync(path.join(dir, 'resumes.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ step: 300, from: path.join('checkpoints', 'step-000000300'), warnings: [] });
    expect(log[0].changes).toEqual([{ flag: 'total-steps', from: 300, to: 400 }, { flag: 'checkpoint-frequency', from: 100, to: 50 }]);
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ totalSteps: 400, checkpointFrequency: 50, learningRate: 0.0001, game: 'breakout' });
    expect(listCheckpoints(dir).map((d) => path.basename(d))).toEqual(['step-000000400', 'step-000000350', 'step-000000300']);
  }, 300_000);

  it('a damaged checkpoint is named; --strict refuses, otherwise the newest intact one is used with a warning; render likewise', async () => {
    const newest = path.join(dir, 'checkpoints', 'step-000000400');
    fs.truncateSync(path.join(newest, 'optimizer.bin'), 249);
    const before = snapshot(dir);
    const strict = await train(['--runs-dir', runs, '--run-name', 'r', '--resume', '--total-steps', '450', '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/^error: checkpoint .*step-000000400 is damaged: optimizer\.bin is 249 bytes, the manifest says \d+; --strict refuses/);
    expect(errorLines(strict.stderr)).toHaveLength(1);
    expect(snapshot(dir)).toEqual(before);

    // render: the damaged checkpoint named directly is refused; the run directory falls back.
    const video = path.join(runs, 'agent.mp4');
    const direct = await cli('src/cli/render.ts', ['--game', 'breakout', '--checkpoint', newest, '--max-steps', '5', '--out', video]);
    expect(direct.code).toBe(1);
    expect(direct.stderr).toMatch(/^render: checkpoint .*step-000000400 is damaged: optimizer\.bin is 249 bytes/);
    const strictRender = await cli('src/cli/render.ts', ['--game', 'breakout', '--checkpoint', dir, '--strict', '--max-steps', '5', '--out', video]);
    expect(strictRender.code).toBe(1);
    expect(strictRender.stderr).toMatch(/step-000000400 is damaged: optimizer\.bin .*--strict refuses/);
    const viaRun = await cli('src/cli/render.ts', ['--game', 'breakout', '--checkpoint', dir, '--max-steps', '5', '--out', video]);
    expect(viaRun.code, viaRun.stderr).toBe(0);
    expect(viaRun.stderr).toMatch(/warning: checkpoint .*step-000000400 is damaged: optimizer\.bin is 249 bytes/);
    expect(viaRun.stderr).toMatch(/warning: using .*step-000000350 \(step 350\), the newest intact checkpoint/);
    expect(fs.statSync(video).size).toBeGreaterThan(1000);

    const r = await train(['--runs-dir', runs, '--run-name', 'r', '--resume', '--total-steps', '450']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: checkpoint .*step-000000400 is damaged: optimizer\.bin is 249 bytes, the manifest says \d+/);
    expect(r.stderr).toMatch(/resumed from .*step-000000350 at step 350/);
    const log = fs.readFileSync(path.join(dir, 'resumes.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(log[1].from).toBe(path.join('checkpoints', 'step-000000350'));
    expect(log[1].warnings.join('\n')).toMatch(/step-000000400 is damaged: optimizer\.bin/);
    // The run went on past the damage: checkpoint 400 was written again, whole.
    expect(verifyCheckpoint(newest)).toEqual({ ok: true, verified: true });
    expect(path.basename(listCheckpoints(dir)[0])).toBe('step-000000450');
  }, 300_000);

  it('--resume of a run that does not exist says so, and creates nothing', async () => {
    const r = await train(['--runs-dir', runs, '--run-name', 'nothing-here', '--resume', '--total-steps', '100']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --resume: .*nothing-here holds no run \(no config\.json\); leave out --resume to start it\n$/);
    expect(fs.existsSync(path.join(runs, 'nothing-here'))).toBe(false);
  }, 60_000);
});

describe('GAN checkpoints', () => {
  it('gan:sample and gan:atari --resume name a damaged checkpoint and fall back to the newest intact one (or refuse with --strict)', async () => {
    const runs = fs.mkdtempSync(path.join(os.tmpdir(), 'resume-gan-'));
    const dir = path.join(runs, 'g');
    const args = ['--games', 'breakout', '--batch-size', '2', '--generator-filters', '16,8,8,8', '--discriminator-filters', '8,8,8,16',
      '--report-every', '1', '--image-every', '100', '--checkpoint-every', '1', '--runs-dir', runs, '--run-name', 'g'];
    const first = await cli('src/cli/gan.ts', [...args, '--iterations', '2']);
    expect(first.code, first.stderr).toBe(0);
    const newest = path.join(dir, 'checkpoints', 'step-000000002');
    const weights = path.join(newest, 'generator', 'weights.bin');
    const bytes = fs.readFileSync(weights);
    bytes[100] ^= 0xff;
    fs.writeFileSync(weights, bytes);

    const out = path.join(runs, 'grid.png');
    const direct = await cli('src/cli/gan_sample.ts', ['--checkpoint', newest, '--n', '4', '--out', out]);
    expect(direct.code).toBe(1);
    expect(direct.stderr).toMatch(/^error: checkpoint .*step-000000002 is damaged: generator\/weights\.bin does not match its SHA-256/);
    const strict = await cli('src/cli/gan_sample.ts', ['--checkpoint', dir, '--n', '4', '--out', out, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/--strict refuses/);
    expect(fs.existsSync(out)).toBe(false);
    const sampled = await cli('src/cli/gan_sample.ts', ['--checkpoint', dir, '--n', '4', '--out', out]);
    expect(sampled.code, sampled.stderr).toBe(0);
    expect(sampled.stderr).toMatch(/warning: checkpoint .*step-000000002 is damaged: generator\/weights\.bin/);
    expect(sampled.stdout).toMatch(/from .*step-000000001/);

    const before = snapshot(dir);
    const refused = await cli('src/cli/gan.ts', [...args, '--iterations', '3', '--resume', '--strict']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: checkpoint .*step-000000002 is damaged: generator\/weights\.bin/);
    const short = await cli('src/cli/gan.ts', [...args, '--iterations', '1', '--resume']);
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/--iterations 1 is not above the step of the checkpoint to resume \(1, /);
    expect(snapshot(dir)).toEqual(before);
    const resumed = await cli('src/cli/gan.ts', [...args, '--iterations', '3', '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/warning: checkpoint .*step-000000002 is damaged/);
    expect(resumed.stderr).toMatch(/resumed from .*step-000000001 at iteration 1/);
    expect(listCheckpoints(dir).map((d) => path.basename(d))).toEqual(['step-000000003', 'step-000000002', 'step-000000001']);
    for (const d of listCheckpoints(dir)) expect(verifyCheckpoint(d)).toEqual({ ok: true, verified: true });
  }, 600_000);
});
