// npm run bench:gan [-- --backends onednn,wasm --iterations 5 --profile]: DCGAN iterations per
// second (one discriminator and one generator update on a batch of real Atari screenshots) at batch
// 16 and 64, on each backend that loads, and the ratio to PyTorch on CPU doing the same iteration in
// the same run with as many threads as the native backend uses (scripts/torch_reference.py, when a
// python3 with torch is found). --profile adds per-kernel times. Screens come from the real
// emulator, as in training; they are drawn before the clock starts, so only the networks are timed.
import { benchBackend } from './lib/bench_backend.ts';
import { readFloats } from '../src/tf/read.ts';
import { buildDiscriminator, buildGenerator, defaultGanConfig, ganIterationTensors, type Gan } from '../src/agents/dcgan.ts';
import { AtariScreenSource } from '../src/agents/atari_screens.ts';
import { findRom } from '../src/env/roms.ts';
import { Rng } from '../src/env/rng.ts';
import { parseFlags, ranges, runCli, usage } from '../src/cli/flags.ts';
import { describeTorch, torchReference } from './lib/torch_reference.ts';
import { profileKernels } from './lib/kernel_profile.ts';
import { threadCount } from '../src/tf/onednn/addon.ts';
import * as tf from '@tensorflow/tfjs';

const spec = {
  defaults: { backends: 'tensorflow-gpu,webgpu,onednn,tensorflow,wasm,cpu', iterations: 5, games: 'breakout,pong', profile: false, help: false },
  ranges: { iterations: ranges.count },
};

/** One iteration, its losses read back as the training loop reads them (a GPU's queued work inside the clock). */
async function iteration(g: Gan, real: Float32Array, batch: number, rng: Rng): Promise<void> {
  const losses = ganIterationTensors(g, real, batch, 100, rng);
  await readFloats([losses]);
  losses.dispose();
}

async function main(): Promise<void> {
  const { config: o, given } = parseFlags(process.argv.slice(2), spec);
  if (o.help) return void console.log(usage('npm run bench:gan --', spec));
  const backends = o.backends.split(',');
  const { iterations } = o;
  const games = o.games.split(',');
  for (const g of games) findRom(g);
  const source = new AtariScreenSource(games, 1);

  const torch = torchReference<Record<string, { ms: number }>>('gan', ['--iterations', String(iterations), '--threads', String(threadCount())]);
  console.log(torch.result
    ? `${describeTorch(torch.result)}, this run: ` +
      [16, 64].map((b) => `batch ${b}: ${torch.result![String(b)].ms.toFixed(0)} ms per iteration`).join(', ')
    : `PyTorch reference not measured: ${torch.reason}`);

  for (const name of backends) {
    let desc: string;
    try {
      desc = (await benchBackend(name, given.has('backends'))).description;
    } catch (e) {
      console.log(`${name}: not available (${(e as Error).message.split('\n')[0]})`);
      continue;
    }
    console.log(desc);
    for (const batch of [16, 64]) {
      const n = name === 'cpu' ? 1 : iterations; // the JS cpu backend takes minutes per iteration at batch 64
      const gan = {
        gen: buildGenerator(defaultGanConfig), dis: buildDiscriminator(defaultGanConfig),
        genOpt: tf.train.adam(1e-4, 0.5, 0.999), disOpt: tf.train.adam(1e-4, 0.5, 0.999),
      };
      const rng = new Rng(1);
      const data = Array.from({ length: n + 1 }, () => source.batch(batch).data.slice());
      await iteration(gan, data[n], batch, rng); // warm-up
      const kernels = o.profile && !name.startsWith('tensorflow') ? profileKernels(tf.getBackend()) : undefined;
      const t = performance.now();
      for (let i = 0; i < n; ++i) await iteration(gan, data[i], batch, rng);
      const ms = (performance.now() - t) / n;
      const ratio = torch.result ? ` (PyTorch/this = ${(torch.result[String(batch)].ms / ms).toFixed(2)}x)` : '';
      console.log(`  batch ${batch}: ${(1000 / ms).toFixed(3)} iterations/s (${ms.toFixed(0)} ms each, ${n} timed)${ratio}`);
      if (kernels) console.log(`  kernels over the timed iterations:\n${kernels.report(15).replace(/^/gm, '  ')}`);
      gan.gen.dispose();
      gan.dis.dispose();
    }
  }
  source.close();
}

await runCli(main, () => usage('npm run bench:gan --', spec));
