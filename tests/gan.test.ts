// The Atari-screenshot DCGAN: its data pipeline on the real emulator, and a short training run
// through the real CLI (losses, PNG grids, TensorBoard images and scalars, a reloadable checkpoint).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import './paths.ts';
import { repoRoot } from '../src/native.ts';
import { AtariScreenSource } from '../src/agents/atari_screens.ts';
import { drawImages, latents } from '../src/agents/dcgan.ts';
import { loadModel } from '../src/agents/model_io.ts';
import { imageGridPng } from '../src/logging/image_grid.ts';
import { readEvents } from '../src/logging/tensorboard_reader.ts';
import { findLatestCheckpoint } from '../src/io/atomic.ts';
import { selectBackend } from '../src/tf/backend.ts';

const run = promisify(execFile);
const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');

describe('GAN data pipeline', () => {
  it('draws every requested game in turn, 64x64 RGB in [-1, 1]', () => {
    const src = new AtariScreenSource(['breakout', 'pong', 'space_invaders'], 3);
    const b = src.batch(7);
    expect(b.games).toEqual(['breakout', 'pong', 'space_invaders', 'breakout', 'pong', 'space_invaders', 'breakout']);
    expect(b.data.length).toBe(7 * 64 * 64 * 3);
    let lo = Infinity, hi = -Infinity;
    for (const v of b.data) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    expect(lo).toBeGreaterThanOrEqual(-1);
    expect(hi).toBeLessThanOrEqual(1);
    expect(hi - lo).toBeGreaterThan(0.5); // real pictures, not a constant
    src.close();
  });

  it('skips frames at or below the darkness threshold (the default drops only near-black frames)', () => {
    const meanOf = (d: Float32Array, i: number) => {
      let s = 0;
      for (let k = 0; k < 64 * 64 * 3; ++k) s += (d[i * 64 * 64 * 3 + k] + 1) * 127.5;
      return s / (64 * 64 * 3);
    };
    // Unfiltered frames of Space Invaders, to put a threshold in the middle of their brightness.
    const all = new AtariScreenSource(['space_invaders'], 5, 64, -1);
    const b0 = all.batch(60);
    const means = Array.from({ length: 60 }, (_, i) => meanOf(b0.data, i)).sort((a, b) => a - b);
    all.close();
    const threshold = means[30];
    const src = new AtariScreenSource(['space_invaders'], 5, 64, threshold);
    const b = src.batch(30);
    expect(src.skipped.get('space_invaders') ?? 0).toBeGreaterThan(0);
    for (let i = 0; i < 30; ++i) expect(meanOf(b.data, i)).toBeGreaterThan(threshold - 0.5); // area resizing keeps the mean within rounding
    src.close();
    const normal = new AtariScreenSource(['space_invaders'], 5);
    normal.batch(40);
    expect(normal.skipped.get('space_invaders') ?? 0).toBe(0);
    normal.close();
  });
});

describe('gan:atari (short run)', () => {
  it('gives finite losses, 8x8 PNG grids, TensorBoard images and scalars, and a checkpoint that redraws the same images', async () => {
    const runs = fs.mkdtempSync(path.join(os.tmpdir(), 'gan-'));
    await run(tsx, ['src/cli/gan.ts', '--games', 'breakout,pong', '--iterations', '4', '--batch-size', '4', '--report-every', '2',
      '--image-every', '2', '--checkpoint-every', '2', '--runs-dir', runs, '--run-name', 'g', '--seed', '3'], { cwd: repoRoot, maxBuffer: 1 << 24 });
    const dir = path.join(runs, 'g');
    const rows = fs.readFileSync(path.join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.iteration)).toEqual([2, 4]);
    for (const r of rows) expect(Number.isFinite(r.d_loss) && Number.isFinite(r.g_loss) && r.d_loss > 0 && r.g_loss > 0).toBe(true);

    const side = 8 * 64 + 9 * 2;
    for (const name of ['fake-0000004.png', 'real-0000004.png', 'fake-0000002.png']) {
      const meta = await sharp(path.join(dir, name)).metadata();
      expect([meta.width, meta.height, meta.channels, meta.format]).toEqual([side, side, 3, 'png']);
    }
    const events = readEvents(path.join(dir, fs.readdirSync(dir).find((f) => f.startsWith('events.out'))!));
    const images = events.flatMap((e) => e.images.map((im) => ({ ...im, step: e.step })));
    expect(images.map((i) => `${i.tag}@${i.step}`).sort()).toEqual(['images/fake@2', 'images/fake@4', 'images/real@2', 'images/real@4']);
    expect(images.every((i) => i.width === side && i.height === side)).toBe(true);
    const tags = new Set(events.flatMap((e) => e.scalars.map((s) => s.tag)));
    expect(tags).toEqual(new Set(['loss/discriminator', 'loss/generator']));

    // The checkpoint's generator draws exactly the logged fake grid for the run's fixed latents.
    await selectBackend('auto');
    const ckpt = findLatestCheckpoint(dir)!;
    expect(path.basename(ckpt)).toBe('step-000000004');
    const gen = await loadModel(path.join(ckpt, 'generator'));
    const redrawn = await imageGridPng(drawImages(gen, latents(64, 100, 3), 100), 64, 64);
    const logged = await sharp(path.join(dir, 'fake-0000004.png')).raw().toBuffer();
    const again = await sharp(redrawn.png).raw().toBuffer();
    let worst = 0;
    for (let i = 0; i < logged.length; ++i) worst = Math.max(worst, Math.abs(logged[i] - again[i]));
    expect(worst).toBeLessThanOrEqual(1);

    // --resume continues from the checkpoint at iteration 4 and goes on to the new end.
    await run(tsx, ['src/cli/gan.ts', '--games', 'breakout,pong', '--iterations', '6', '--batch-size', '4', '--report-every', '2',
      '--image-every', '2', '--checkpoint-every', '2', '--runs-dir', runs, '--run-name', 'g', '--seed', '3', '--resume'], { cwd: repoRoot, maxBuffer: 1 << 24 });
    const resumed = fs.readFileSync(path.join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(resumed.map((r) => r.iteration)).toEqual([2, 4, 6]);
    expect(path.basename(findLatestCheckpoint(dir)!)).toBe('step-000000006');
    expect(fs.existsSync(path.join(dir, 'fake-0000006.png'))).toBe(true);

    const out = path.join(runs, 'sample.png');
    await run(tsx, ['src/cli/gan_sample.ts', '--checkpoint', dir, '--n', '16', '--out', out], { cwd: repoRoot });
    const meta = await sharp(out).metadata();
    expect([meta.width, meta.height]).toEqual([8 * 64 + 9 * 2, 2 * 64 + 3 * 2]);
  }, 600_000);
});
