// Checkpoint integrity on real files: every checkpoint records the size and SHA-256 of each of its
// files, damage is named file by file, the newest intact checkpoint is found behind damaged ones,
// and pruning or replacing checkpoints never leaves `latest` naming a folder that is gone.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkpointDir, findLatestCheckpoint, saveCheckpoint } from '../src/io/atomic.ts';
import {
  CheckpointError, MANIFEST_FILE, newestIntactCheckpoint, resolveCheckpointArg, sha256File, verifyCheckpoint,
} from '../src/io/checkpoint_manifest.ts';

const tmpRun = () => fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-'));

/** A checkpoint shaped like the DQN's: nested model folders, binary and JSON files. */
async function save(run: string, step: number, fill = 1): Promise<string> {
  return saveCheckpoint(run, step, (d) => {
    fs.mkdirSync(path.join(d, 'online'));
    fs.writeFileSync(path.join(d, 'online', 'weights.bin'), Buffer.alloc(8192 * 4, fill));
    fs.writeFileSync(path.join(d, 'online', 'model.json'), '{"modelTopology":{}}');
    fs.writeFileSync(path.join(d, 'optimizer.bin'), Buffer.alloc(5000, fill + 1));
    fs.writeFileSync(path.join(d, 'state.json'), JSON.stringify({ step }));
  });
}

describe('checkpoint manifest', () => {
  it('lists every file of the checkpoint, nested ones included, with its size and SHA-256', async () => {
    const dir = await save(tmpRun(), 100);
    const m = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST_FILE), 'utf8'));
    expect(Object.keys(m.files)).toEqual(['online/model.json', 'online/weights.bin', 'optimizer.bin', 'state.json']);
    expect(m.files['online/weights.bin'].size).toBe(32768);
    expect(m.files['optimizer.bin'].sha256).toBe(sha256File(path.join(dir, 'optimizer.bin')));
    // An independent SHA-256 of the same bytes.
    const sum = spawnSync('sha256sum', [path.join(dir, 'online', 'weights.bin')], { encoding: 'utf8' }).stdout.split(' ')[0];
    expect(m.files['online/weights.bin'].sha256).toBe(sum);
    expect(verifyCheckpoint(dir)).toEqual({ ok: true, verified: true });
  });

  it('names a truncated, an altered and a missing file', async () => {
    const run = tmpRun();
    const dir = await save(run, 100);
    fs.truncateSync(path.join(dir, 'optimizer.bin'), 249);
    expect(verifyCheckpoint(dir)).toEqual({ ok: false, problem: 'optimizer.bin is 249 bytes, the manifest says 5000' });

    const b = await save(run, 200);
    const w = path.join(b, 'online', 'weights.bin');
    const bytes = fs.readFileSync(w);
    bytes[1234] ^= 1;
    fs.writeFileSync(w, bytes);
    expect(verifyCheckpoint(b)).toMatchObject({ ok: false, problem: expect.stringMatching(/^online\/weights\.bin does not match its SHA-256/) });

    const c = await save(run, 300);
    fs.rmSync(path.join(c, 'state.json'));
    expect(verifyCheckpoint(c)).toEqual({ ok: false, problem: 'state.json is missing' });

    const d = await save(run, 400);
    fs.writeFileSync(path.join(d, MANIFEST_FILE), '{"version":1,"files":');
    expect(verifyCheckpoint(d)).toMatchObject({ ok: false, problem: expect.stringMatching(/^MANIFEST\.json is unreadable/) });
  });

  it('falls back to the newest intact checkpoint with a warning per damaged one; --strict refuses', async () => {
    const run = tmpRun();
    await save(run, 100);
    await save(run, 200);
    const newest = await save(run, 300);
    fs.truncateSync(path.join(newest, 'optimizer.bin'), 10);
    const choice = newestIntactCheckpoint(run)!;
    expect(path.basename(choice.dir)).toBe('step-000000200');
    expect(choice.step).toBe(200);
    expect(choice.verified).toBe(true);
    expect(choice.warnings.join('\n')).toMatch(/step-000000300 is damaged: optimizer\.bin is 10 bytes, the manifest says 5000/);
    expect(choice.warnings.join('\n')).toMatch(/using .*step-000000200 \(step 200\), the newest intact checkpoint/);
    expect(() => newestIntactCheckpoint(run, { strict: true })).toThrow(CheckpointError);
    expect(() => newestIntactCheckpoint(run, { strict: true })).toThrow(/step-000000300 is damaged: optimizer\.bin .*--strict refuses/);

    // Named directly, a damaged checkpoint is refused (naming the file); the run directory falls back.
    const isCkpt = (d: string) => fs.existsSync(path.join(d, 'online', 'model.json'));
    expect(() => resolveCheckpointArg(newest, isCkpt)).toThrow(/step-000000300 is damaged: optimizer\.bin is 10 bytes/);
    expect(path.basename(resolveCheckpointArg(run, isCkpt).dir)).toBe('step-000000200');

    for (const s of [100, 200]) fs.rmSync(path.join(checkpointDir(run, s), 'state.json'));
    expect(() => newestIntactCheckpoint(run)).toThrow(/every checkpoint of .* is damaged: step-000000300: optimizer\.bin .*; step-000000200: state\.json is missing; step-000000100: state\.json is missing/);
    expect(newestIntactCheckpoint(tmpRun())).toBeUndefined();
  });

  it('a checkpoint from before manifests is used with a warning that it is unverified, and refused by --strict', async () => {
    const run = tmpRun();
    const dir = await save(run, 100);
    fs.rmSync(path.join(dir, MANIFEST_FILE));
    const choice = newestIntactCheckpoint(run)!;
    expect(choice.verified).toBe(false);
    expect(choice.warnings.join('\n')).toMatch(/has no MANIFEST\.json .*cannot be verified/);
    expect(() => newestIntactCheckpoint(run, { strict: true })).toThrow(/no MANIFEST\.json to verify it against/);
  });

  it('keeps the checkpoint just written even when older steps have higher numbers, so `latest` always exists', async () => {
    // Steps below the newest can be written again after a fall-back; pruning used to sort the new one out.
    const run = tmpRun();
    for (const s of [1000, 2000, 3000]) await save(run, s);
    await save(run, 10);
    const latest = fs.readFileSync(path.join(run, 'checkpoints', 'latest'), 'utf8').trim();
    expect(latest).toBe('step-000000010');
    expect(fs.existsSync(path.join(run, 'checkpoints', latest, 'COMPLETE'))).toBe(true);
    expect(fs.readdirSync(path.join(run, 'checkpoints')).sort()).toEqual(['latest', 'step-000000010', 'step-000002000', 'step-000003000']);
    expect(path.basename(findLatestCheckpoint(run)!)).toBe('step-000000010');
  });

  it('rewriting a checkpoint of the same step replaces it whole and leaves no folder aside', async () => {
    const run = tmpRun();
    const dir = await save(run, 500, 1);
    fs.truncateSync(path.join(dir, 'optimizer.bin'), 3); // damaged, as after a bad disk
    await save(run, 500, 7);
    expect(verifyCheckpoint(dir)).toEqual({ ok: true, verified: true });
    expect(fs.readFileSync(path.join(dir, 'optimizer.bin'))[0]).toBe(8);
    expect(fs.readdirSync(path.join(run, 'checkpoints')).sort()).toEqual(['latest', 'step-000000500']);
  });

  it('clears temporary folders left by a writer that was killed, but not those of a live one', async () => {
    const run = tmpRun();
    await save(run, 1);
    const root = path.join(run, 'checkpoints');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    fs.mkdirSync(path.join(root, `step-000000002.tmp-${dead}-abc123`));
    fs.mkdirSync(path.join(root, `step-000000001.old-${dead}-abc124`));
    const live = `step-000000003.tmp-${process.ppid}-abc125`;
    fs.mkdirSync(path.join(root, live));
    await save(run, 4);
    expect(fs.readdirSync(root).sort()).toEqual(['latest', 'step-000000001', live, 'step-000000004']);
  });
});
