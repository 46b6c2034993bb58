// npm run gan:sample -- --checkpoint DIR --n 64 --out grid.png [--seed S]: draw images with a
// trained generator (a run directory or one of its checkpoints).
import fs from 'node:fs';
import path from 'node:path';
import { selectBackend } from '../tf/backend.ts';
import { drawImages, latents } from '../agents/dcgan.ts';
import { loadModel } from '../agents/model_io.ts';
import { imageGridPng } from '../logging/image_grid.ts';
import { findLatestCheckpoint, writeFileAtomic } from '../io/atomic.ts';
import { parseFlags, runCli, UsageError } from './flags.ts';

const defaults = { checkpoint: '', n: 64, out: 'grid.png', seed: 0, backend: 'auto' };
const usageText = () => 'usage: npm run gan:sample -- --checkpoint runs/NAME[/checkpoints/step-N] [--n 64] [--out grid.png] [--seed 0] [--backend auto]';

async function main(): Promise<void> {
  const { config: o } = parseFlags(process.argv.slice(2), { defaults });
  if (!o.checkpoint) throw new UsageError('--checkpoint is required');
  if (!Number.isInteger(o.n) || o.n < 1) throw new UsageError(`--n must be a positive integer, got ${o.n}`);
  const dir = fs.existsSync(path.join(o.checkpoint, 'generator')) ? o.checkpoint : findLatestCheckpoint(o.checkpoint);
  if (!dir) throw new Error(`${o.checkpoint} is neither a GAN checkpoint nor a run directory with a complete checkpoint`);
  await selectBackend(o.backend);
  const gen = await loadModel(path.join(dir, 'generator'));
  const latentSize = gen.inputs[0].shape[1] as number;
  const grid = await imageGridPng(drawImages(gen, latents(o.n, latentSize, o.seed), latentSize), o.n, 64);
  writeFileAtomic(o.out, grid.png);
  console.log(`wrote ${o.out}: ${o.n} images from ${dir} (${grid.width}x${grid.height})`);
}

await runCli(main, usageText);
