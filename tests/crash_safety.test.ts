// What the README promises of checkpoints, proven on real training processes: a SIGKILL at random
// moments while a checkpoint is being written, again and again, never leaves a damaged checkpoint
// under a checkpoint's name, and each --resume starts from the newest intact one; a disk that fills
// up mid-write (a tiny tmpfs) ends the run with one line and leaves the previous checkpoint latest.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import './paths.ts';
import { repoRoot } from '../src/native.ts';
import { listCheckpoints, verifyCheckpoint } from '../src/io/checkpoint_manifest.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// A seeded generator, so a failing sequence of kill times can be replayed.
function lcg(seed: number) {
  let x = seed >>> 0;
  return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const trainArgs = (runs: string, name: string) => ['src/cli/train.ts', '--game', 'pong', '--runs-dir', runs, '--run-name', name,
  '--network', 'small', '--buffer-size', '1000', '--batch-size', '8', '--learning-starts', '60', '--checkpoint-frequency', '40',
  '--eval-episodes', '0', '--eval-videos', '0', '--max-episode-frames', '2000'];

function start(args: string[]): { child: ChildProcess; stderr: () => string; exited: Promise<number | null> } {
  // One process (node with tsx's loader, not the tsx wrapper), so the kill hits the writer itself.
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += String(d)));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, stderr: () => err, exited };
}

/** Whether process `pid` is writing a checkpoint now (its temporary folder exists). */
const writing = (root: string, pid: number) => fs.existsSync(root) && fs.readdirSync(root).some((n) => n.startsWith('step-') && n.includes(`.tmp-${pid}-`));

describe('checkpoints survive kills and full disks in real training runs', () => {
  it('SIGKILL at random moments of checkpoint writes: every checkpoint left is intact and --resume starts from the newest', async () => {
    const runs = fs.mkdtempSync(path.join(os.tmpdir(), 'kill-'));
    const dir = path.join(runs, 'k');
    const root = path.join(dir, 'checkpoints');
    const random = lcg(17);
    const wanted = 6; // kills that land inside a write
    let writeMs = 0;
    let midWrite = 0;
    let expectedFrom: string | undefined;
    for (let k = 0; midWrite < wanted; ++k) {
      expect(k, 'attempts to hit a checkpoint write').toBeLessThan(4 * wanted);
      const p = start([...trainArgs(runs, 'k'), '--total-steps', '1000000', ...(k > 0 ? ['--resume'] : [])]);
      // Wait for a checkpoint write to begin (after one complete write in the first process, to time it).
      const deadline = Date.now() + 120_000;
      if (k === 0) {
        while (!writing(root, p.child.pid!)) { expect(Date.now(), p.stderr()).toBeLessThan(deadline); await sleep(1); }
        const t0 = Date.now();
        while (writing(root, p.child.pid!)) await sleep(1);
        writeMs = Math.max(5, Date.now() - t0);
      } else {
        while (!p.stderr().includes('resumed from')) { expect(Date.now(), p.stderr()).toBeLessThan(deadline); await sleep(5); }
        const m = /resumed from (\S+) at step (\d+)/.exec(p.stderr())!;
        expect(m[1]).toBe(expectedFrom);
        expect(Number(m[2])).toBe(Number(path.basename(expectedFrom!).slice(5)));
      }
      while (!writing(root, p.child.pid!)) { expect(Date.now(), p.stderr()).toBeLessThan(deadline); await sleep(1); }
      await sleep(random() * writeMs * 1.2);
      p.child.kill('SIGKILL');
      await p.exited;
      if (writing(root, p.child.pid!)) midWrite++;
      else writeMs /= 2; // the write had finished: later writes are quicker than the first
      // No checkpoint under a real name is damaged, whatever moment the kill hit.
      const all = listCheckpoints(dir);
      expect(all.length).toBeGreaterThan(0);
      for (const c of all) expect(verifyCheckpoint(c), c).toEqual({ ok: true, verified: true });
      expectedFrom = all[0];
    }

    // A last resume runs to its end from the newest checkpoint.
    const step = Number(path.basename(expectedFrom!).slice(5));
    const last = start([...trainArgs(runs, 'k'), '--total-steps', String(step + 50), '--resume']);
    expect(await last.exited, last.stderr()).toBe(0);
    expect(last.stderr()).toContain(`resumed from ${expectedFrom} at step ${step}`);
    expect(path.basename(listCheckpoints(dir)[0])).toBe(`step-${String(step + 50).padStart(9, '0')}`);
    expect(fs.readdirSync(root).filter((n) => n.includes('.tmp-') || n.includes('.old-'))).toEqual([]); // leftovers cleared
  }, 600_000);

  // Mounting needs root with the right to mount (as CI runs); elsewhere the test in atomic_io.test.ts
  // covers ENOSPC through /dev/full.
  const canMount = (() => {
    if (process.getuid?.() !== 0) return false;
    const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'mount-probe-'));
    const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]).status === 0;
    if (ok) spawnSync('umount', [probe]);
    fs.rmSync(probe, { recursive: true, force: true });
    return ok;
  })();
  it.skipIf(!canMount)('a disk that fills up during a checkpoint ends the run with one line and keeps the previous checkpoint latest', async () => {
    // Size the disk from a real checkpoint of the same configuration: room for one, not for two.
    const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'enospc-probe-'));
    const first = start([...trainArgs(probe, 'p'), '--total-steps', '40', '--learning-starts', '20']);
    expect(await first.exited, first.stderr()).toBe(0);
    const du = (d: string) => Number(spawnSync('du', ['-sb', d], { encoding: 'utf8' }).stdout.split('\t')[0]);
    const ckpt = du(listCheckpoints(path.join(probe, 'p'))[0]);
    const rest = du(path.join(probe, 'p')) - ckpt;

    const disk = fs.mkdtempSync(path.join(os.tmpdir(), 'enospc-'));
    const size = Math.ceil((rest + 1.5 * ckpt + (1 << 20)) / 4096) * 4096;
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', disk], { encoding: 'utf8' });
    if (mount.status !== 0) throw new Error(`mount failed: ${mount.stderr}`);
    try {
      const p = start([...trainArgs(disk, 'full'), '--total-steps', '200', '--learning-starts', '20']);
      expect(await p.exited).toBe(1);
      const errors = p.stderr().split('\n').filter((l) => l.startsWith('error:'));
      expect(errors).toEqual([expect.stringMatching(/^error: could not write .*step-000000080: the disk is full \(ENOSPC\); free some space and try again$/)]);
      expect(p.stderr()).not.toMatch(/\n\s+at /);
      const dir = path.join(disk, 'full');
      expect(fs.readFileSync(path.join(dir, 'checkpoints', 'latest'), 'utf8').trim()).toBe('step-000000040');
      expect(fs.readdirSync(path.join(dir, 'checkpoints')).sort()).toEqual(['latest', 'step-000000040']);
      expect(verifyCheckpoint(path.join(dir, 'checkpoints', 'step-000000040'))).toEqual({ ok: true, verified: true });
    } finally {
      spawnSync('umount', [disk]);
    }
  }, 300_000);
});
