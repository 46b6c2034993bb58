// Checkpoints survive a kill in the middle of a write and a full disk: the previous one stays
// complete and loadable, and nothing half-written is taken for a checkpoint.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../src/native.ts';
import { findLatestCheckpoint, saveCheckpoint, writeFileAtomic } from '../src/io/atomic.ts';

const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');

describe('atomic checkpoint writes', () => {
  it('a SIGKILL during a checkpoint write leaves the previous checkpoint complete and found', async () => {
    const run = fs.mkdtempSync(path.join(os.tmpdir(), 'ckpt-'));
    // The child saves checkpoint 1 quickly, then writes checkpoint 2 slowly, in chunks.
    const script = `
      import fs from 'node:fs';
      import { saveCheckpoint } from ${JSON.stringify(path.join(repoRoot, 'src/io/atomic.ts'))};
      const run = process.argv[2];
      await saveCheckpoint(run, 1, (d) => fs.writeFileSync(d + '/weights.bin', Buffer.alloc(1 << 20, 1)));
      await saveCheckpoint(run, 2, async (d) => {
        const fd = fs.openSync(d + '/weights.bin', 'w');
        process.stdout.write('writing\\n');
        for (let i = 0; i < 1000; ++i) { fs.writeSync(fd, Buffer.alloc(1 << 16, 2)); await new Promise((r) => setTimeout(r, 5)); }
        fs.closeSync(fd);
      });
      process.stdout.write('finished\\n');`;
    const file = path.join(run, 'child.mts');
    fs.writeFileSync(file, script);
    const child = spawn(tsx, [file, run], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.on('data', (d) => { if (String(d).includes('writing')) resolve(); }));
    await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const leftovers = fs.readdirSync(path.join(run, 'checkpoints'));
    expect(leftovers.some((n) => n.includes('.tmp-'))).toBe(true); // the kill really hit mid-write
    const latest = findLatestCheckpoint(run)!;
    expect(path.basename(latest)).toBe('step-000000001');
    const w = fs.readFileSync(path.join(latest, 'weights.bin'));
    expect(w.length).toBe(1 << 20);
    expect(w.every((b) => b === 1)).toBe(true);
    // The next save succeeds over the leftovers.
    await saveCheckpoint(run, 3, (d) => fs.writeFileSync(path.join(d, 'weights.bin'), 'ok'));
    expect(path.basename(findLatestCheckpoint(run)!)).toBe('step-000000003');
  }, 60_000);

  it('a full disk (ENOSPC) while saving gives a clear error and keeps the previous checkpoint', async () => {
    const run = fs.mkdtempSync(path.join(os.tmpdir(), 'ckpt-'));
    await saveCheckpoint(run, 10, (d) => fs.writeFileSync(path.join(d, 'weights.bin'), 'good'));
    // /dev/full answers every write with ENOSPC, as a full disk does.
    await expect(saveCheckpoint(run, 20, (d) => {
      fs.writeFileSync(path.join(d, 'weights.bin'), 'partial');
      fs.writeFileSync('/dev/full', Buffer.alloc(4096));
    })).rejects.toThrow(/could not write .*step-000000020: the disk is full \(ENOSPC\)/);
    expect(path.basename(findLatestCheckpoint(run)!)).toBe('step-000000010');
    expect(fs.readdirSync(path.join(run, 'checkpoints')).sort()).toEqual(['latest', 'step-000000010']);
  });

  it('writeFileAtomic keeps the old content when the write fails, and names the path and the cause', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atomic-'));
    const f = path.join(dir, 'config.json');
    writeFileAtomic(f, 'v1');
    expect(() => writeFileAtomic(path.join(dir, 'missing', 'x.json'), 'v2')).toThrow(/could not write .*missing.*x\.json: its directory does not exist/);
    writeFileAtomic(f, 'v2');
    expect(fs.readFileSync(f, 'utf8')).toBe('v2');
    expect(fs.readdirSync(dir)).toEqual(['config.json']);
  });
});
