// True resume through the real CLI: a Breakout run stopped at step 2,000 (or by Ctrl-C at any step)
// and resumed ends with the same weights, optimizer, replay memory and episodes as the run that
// never stopped, bit for bit.
// The replay memory comes back from the checkpoint (learning goes on at once), later checkpoints
// share the blocks that did not change, and a replay part that does not match or was damaged is
// passed over or refused in one line, and the checkpoint before it resumes exactly. npm run plot draws
// the runs.
// wasm backend: the plain cpu backend takes tens of seconds per conv-net training step.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import './paths.ts';
import { repoRoot } from '../src/native.ts';
import { readEvents } from '../src/logging/tensorboard_reader.ts';
import { readRunCurve } from '../src/logging/learning_curve.ts';

const exec = promisify(execFile);
const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
const runs = fs.mkdtempSync(path.join(os.tmpdir(), 'dqn-resume-'));
const train = (args: string[]) => exec(tsx, ['src/cli/train.ts', ...args], { cwd: repoRoot, env: process.env, maxBuffer: 1 << 26 });
// Small enough to run in seconds; the 2,000-slot memory wraps before step 2,000.
const tiny = ['--game', 'breakout', '--backend', 'wasm', '--runs-dir', runs, '--total-steps', '3000', '--learning-starts', '1000',
  '--buffer-size', '2000', '--batch-size', '4', '--network', 'small', '--train-frequency', '8', '--target-update-frequency', '250',
  '--checkpoint-frequency', '1000', '--eval-episodes', '2', '--eval-videos', '0', '--exploration-fraction', '1', '--epsilon-end', '0.3',
  '--max-episode-frames', '20000', '--seed', '3'];
const ckpt = (run: string, step: number) => path.join(runs, run, 'checkpoints', `step-${String(step).padStart(9, '0')}`);
const bytes = (run: string, step: number, file: string) => fs.readFileSync(path.join(ckpt(run, step), file));
const rows = (run: string) => fs.readFileSync(path.join(runs, run, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => {
  const { time, ...rest } = JSON.parse(l);
  return rest;
}).filter((r) => !r.resume);
const blockFiles = (run: string, step: number) => (JSON.parse(bytes(run, step, 'replay/index.json').toString()).blocks as ({ file: string } | null)[])
  .filter((b) => b !== null).map((b) => `replay/${b!.file}`);

/** The checkpoint files that must agree bit for bit between two runs at a step. */
function expectSameCheckpoint(a: string, b: string, step: number): void {
  const files = ['online/weights.bin', 'target/weights.bin', 'optimizer.bin', 'optimizer.json', 'state.json', 'replay/index.json', ...blockFiles(a, step)];
  for (const f of files) expect(bytes(b, step, f).equals(bytes(a, step, f)), `${f} at step ${step}`).toBe(true);
}

/** The error a failed CLI run printed: exactly one line, no stack. */
async function oneLineError(p: Promise<unknown>): Promise<string> {
  const e = await p.then(() => { throw new Error('expected the command to fail'); }, (err) => err as { code: number; stderr: string });
  expect(e.code).toBe(1);
  const lines = e.stderr.split(/[\r\n]+/).filter((l) => l.trim() && !l.startsWith('['));
  const errors = lines.filter((l) => l.startsWith('error: '));
  expect(errors).toHaveLength(1);
  expect(e.stderr).not.toMatch(/\n\s+at /);
  return errors[0];
}

describe('train:breakout resume', () => {
  it('stopped at step 2,000 and resumed, a run ends bit for bit as the run that never stopped', async () => {
    const whole = await train([...tiny, '--run-name', 'whole']);
    expect(whole.stderr).toMatch(/finished 3000 steps/);

    // Ctrl-C at whatever step the run has reached after its first checkpoint: a checkpoint there, exit 130.
    // node itself, not the tsx launcher, so that the signal reaches the training process.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/train.ts', ...tiny, '--run-name', 'interrupted'], { cwd: repoRoot, env: process.env });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    while (!fs.existsSync(path.join(ckpt('interrupted', 1000), 'COMPLETE'))) await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const stoppedAt = Number(/stopped at step (\d+): checkpoint written/.exec(stderr)?.[1]);
    expect(stoppedAt).toBeGreaterThan(1000);
    expect(fs.existsSync(path.join(ckpt('interrupted', stoppedAt), 'COMPLETE'))).toBe(true);
    const rest = await train(['--runs-dir', runs, '--run-name', 'interrupted', '--resume']); // the run's own settings and length
    expect(rest.stderr).toMatch(new RegExp(`resumed from .*step-0*${stoppedAt} at step ${stoppedAt}`));
    expectSameCheckpoint('whole', 'interrupted', 3000);

    const first = await train([...tiny, '--run-name', 'pieces', '--stop-at', '2000']);
    expect(first.stderr).toMatch(/stopped at step 2000: checkpoint written/);
    expect(fs.existsSync(ckpt('pieces', 3000))).toBe(false);
    expectSameCheckpoint('whole', 'pieces', 2000);

    const second = await train([...tiny, '--run-name', 'pieces', '--resume']);
    expect(second.stderr).toMatch(/resumed from .*step-000002000 at step 2000/);
    expect(second.stderr).toMatch(/replay memory restored: 2000 transitions/);
    expectSameCheckpoint('whole', 'pieces', 3000);
    expect(rows('pieces')).toEqual(rows('whole')); // every episode and the final evaluation
    expect(rows('whole').filter((r) => 'return' in r).length).toBeGreaterThan(5);
    expect(rows('whole').at(-1)).toMatchObject({ step: 3000, eval_returns: [expect.any(Number), expect.any(Number)] });

    // Learning went on at once: the resumed piece's first step (2,000) was a logged training step, where a
    // memory that refilled would have waited until 2,000 + --learning-starts.
    const events = fs.readdirSync(path.join(runs, 'pieces')).filter((f) => f.startsWith('events.out.tfevents.')).sort();
    expect(events).toHaveLength(2);
    const resumed = readEvents(path.join(runs, 'pieces', events[1])).flatMap((e) => e.scalars.map((s) => ({ ...s, step: e.step })));
    const lossSteps = resumed.filter((s) => s.tag === 'losses/td_loss').map((s) => s.step);
    expect(Math.min(...lossSteps)).toBe(2000);

    // The step-3,000 checkpoint wrote the blocks the 1,000 new steps touched and linked the others to step 2,000.
    let shared = 0, written = 0;
    for (const f of blockFiles('pieces', 3000)) {
      const old = path.join(ckpt('pieces', 2000), f);
      if (fs.existsSync(old) && fs.statSync(old).ino === fs.statSync(path.join(ckpt('pieces', 3000), f)).ino) shared++;
      else written++;
    }
    expect(written).toBeGreaterThanOrEqual(32); // 1,000 steps (and a start slot per life) at 32 slots a block
    expect(written).toBeLessThanOrEqual(36);
    expect(shared).toBe(63 - written);
  }, 900_000);

  it('a damaged replay part is passed over for the checkpoint before it; one that does not match the run is refused in one line', async () => {
    // A copy has files of its own (no links shared with the original).
    const copy = (name: string) => fs.cpSync(path.join(runs, 'pieces'), path.join(runs, name), { recursive: true });
    const resumeOnly = (name: string, more: string[] = []) => ['--runs-dir', runs, '--run-name', name, '--resume', ...more];
    const damage = (run: string) => {
      const block = path.join(ckpt(run, 3000), blockFiles(run, 3000)[5]);
      const b = fs.readFileSync(block);
      b[1234] ^= 0x40;
      fs.writeFileSync(block, b);
      return path.basename(block);
    };

    // The checkpoint's manifest names the damaged block: --strict refuses, a plain resume goes back to step 2,000.
    copy('damaged');
    const file = damage('damaged');
    const strict = await oneLineError(train(resumeOnly('damaged', ['--strict'])));
    expect(strict).toMatch(new RegExp(`step-000003000 is damaged: replay/${file} does not match its SHA-256.*--strict refuses`));
    const again = await train(resumeOnly('damaged', ['--total-steps', '3000']));
    expect(again.stderr).toMatch(new RegExp(`warning: checkpoint .*step-000003000 is damaged: replay/${file}`));
    expect(again.stderr).toMatch(/replay memory restored: 2000 transitions/);
    expectSameCheckpoint('whole', 'damaged', 3000);
    // The rows of the stretch that was played again are replaced in the curve.
    expect(readRunCurve(path.join(runs, 'damaged'))).toEqual({ ...readRunCurve(path.join(runs, 'whole')), name: 'damaged' });

    // Without a manifest to catch it (a checkpoint of an earlier version), the memory's own checksums do,
    // and the line says which checkpoint to take instead; that one resumes exactly.
    copy('unlisted');
    fs.rmSync(path.join(ckpt('unlisted', 3000), 'MANIFEST.json'));
    const own = damage('unlisted');
    const refused = await oneLineError(train(resumeOnly('unlisted', ['--total-steps', '3500'])));
    expect(refused).toMatch(new RegExp(`replay memory in .*step-000003000.replay is damaged: ${own} does not match its checksum; ` +
      'resume from the checkpoint before it with --resume-from .*step-000002000, or pass --no-save-replay'));
    const back = await train(['--resume-from', ckpt('unlisted', 2000), '--total-steps', '3000']);
    expect(back.stderr).toMatch(/resumed from .*step-000002000 at step 2000/);
    expectSameCheckpoint('whole', 'unlisted', 3000);

    // A memory of other settings than the run's (here its config.json was edited).
    copy('other-size');
    const cfgFile = path.join(runs, 'other-size', 'config.json');
    fs.writeFileSync(cfgFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(cfgFile, 'utf8')), bufferSize: 2500 }));
    const mismatch = await oneLineError(train(resumeOnly('other-size', ['--total-steps', '3010'])));
    expect(mismatch).toMatch(/replay memory in .*step-000003000.replay does not match this run: it has --buffer-size 2000, this run 2500;/);

    // Without the memory: a resume that refills it first.
    const bare = await train(resumeOnly('other-size', ['--no-save-replay', '--total-steps', '3010']));
    expect(bare.stderr).toMatch(/--no-save-replay: the memory refills, learning resumes after 1000 new steps/);
  }, 900_000);

  it('npm run plot draws the runs on one chart', async () => {
    await train([...tiny, '--run-name', 'seed4', '--seed', '4', '--total-steps', '1500', '--eval-episodes', '1']);
    const out = path.join(runs, 'curves.png');
    const r = await exec(tsx, ['src/cli/plot.ts', path.join(runs, 'whole'), path.join(runs, 'seed4'), '--out', out, '--window', '5'], { cwd: repoRoot });
    expect(r.stdout).toMatch(/wrote .*curves.png: whole \(\d+ episodes, 1 evaluations\), seed4 \(\d+ episodes, 1 evaluations\)/);
    const { data, info } = await sharp(out).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([1200, 700]);
    // Both runs' curves are drawn in the plot area (below the title and legend), in the palette's first two colours.
    const count = (rgb: number[]) => {
      let n = 0;
      for (let y = 130; y < 620; ++y) {
        for (let x = 0; x < info.width; ++x) {
          const i = (y * info.width + x) * info.channels;
          if (data[i] === rgb[0] && data[i + 1] === rgb[1] && data[i + 2] === rgb[2]) n++;
        }
      }
      return n;
    };
    expect(count([0x00, 0x72, 0xb2])).toBeGreaterThan(500);
    expect(count([0xd5, 0x5e, 0x00])).toBeGreaterThan(500);
    await expect(exec(tsx, ['src/cli/plot.ts', runs], { cwd: repoRoot })).rejects.toMatchObject({ stderr: expect.stringMatching(/has no metrics.jsonl/) });
  }, 120_000);
});
