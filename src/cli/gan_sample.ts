// npm run gan:sample -- --checkpoint DIR --n 64 --out grid.png [--seed S]: draw images with a
// trained generator (a run directory or one of its checkpoints).
import fs from 'node:fs';
import path from 'node:path';
import { selectBackend } from '../tf/backend.ts';
import { drawImagesAsync, latents } from '../agents/dcgan.ts';
import { loadModel } from '../agents/model_io.ts';
import { imageGridPng } from '../logging/image_grid.ts';
import { writeFileAtomic } from '../io/atomic.ts';
import { resolveCheckpointArg } from '../io/checkpoint_manifest.ts';
import { parseFlags, ranges, runCli, UsageError } from './flags.ts';

const defaults = { checkpoint: '', n: 64, out: 'grid.png', seed: 0, backend: 'auto', strict: false };
const usageText = () => 'usage: npm run gan:sample -- --checkpoint runs/NAME[/checkpoints/step-N] [--n 64] [--out grid.png] [--seed 0] [--backend auto] [--strict]';

async function main(): Promise<void> {
  const { config: o } = parseFlags(process.argv.slice(2), { defaults, ranges: { n: { integer: true, min: 1, max: 4096 }, seed: ranges.seed } });
  if (!o.checkpoint) throw new UsageError('--checkpoint is required');
  // A run directory gives its newest intact checkpoint; a damaged one named directly is refused.
  const choice = resolveCheckpointArg(o.checkpoint, (d) => fs.existsSync(path.join(d, 'generator')), { strict: o.strict });
  for (const w of choice.warnings) console.error(w);
  const dir = choice.dir;
  await selectBackend(o.backend);
  const gen = await loadModel(path.join(dir, 'generator'));
  const latentSize = gen.inputs[0].shape[1] as number;
  const grid = await imageGridPng(await drawImagesAsync(gen, latents(o.n, latentSize, o.seed), latentSize), o.n, 64);
  writeFileAtomic(o.out, grid.png);
  console.log(`wrote ${o.out}: ${o.n} images from ${dir} (${grid.width}x${grid.height})`);
}

await runCli(main, usageText);
