// npm run bench:gan [-- --backends onednn,wasm --iterations 5 --rounds 3 --profile]: DCGAN iterations per
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
import { describeTorch, torchReference, type TorchInfo } from './lib/torch_reference.ts';
import { profileKernels } from './lib/kernel_profile.ts';
import { threadCount } from '../src/tf/onednn/addon.ts';
import * as tf from '@tensorflow/tfjs';

const spec = {
  defaults: { backends: 'tensorflow-gpu,webgpu,onednn,tensorflow,wasm,cpu', iterations: 5, rounds: 3, games: 'breakout,pong', profile: false, help: false },
  ranges: { iterations: ranges.count, rounds: ranges.count },
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

  // As in bench:dqn: the machine's speed drifts, so PyTorch and each backend take turns (--rounds)
  // and each figure is the fastest round's: the same rule for both sides.
  type GanTimes = Record<string, { ms: number }>;
  const torchRuns: (GanTimes & TorchInfo)[] = [];
  let torchMissing = '';
  const measureTorch = () => {
    const ref = torchReference<GanTimes>('gan', ['--iterations', String(iterations), '--threads', String(threadCount())]);
    if (ref.result) torchRuns.push(ref.result);
    else torchMissing = ref.reason ?? 'unknown';
  };
  const rows: string[] = [];
  const ours: { batch: number; n: number; rounds: number[]; at: number }[] = []; // rows[at] is filled in once PyTorch's figures are in
  for (const name of backends) {
    let desc: string;
    try {
      desc = (await benchBackend(name, given.has('backends'))).description;
    } catch (e) {
      rows.push(`${name}: not available (${(e as Error).message.split('\n')[0]})`);
      continue;
    }
    rows.push(desc);
    const slow = name === 'cpu'; // the JS cpu backend takes minutes per iteration at batch 64
    for (const batch of [16, 64]) {
      const n = slow ? 1 : iterations;
      const gan = {
        gen: buildGenerator(defaultGanConfig), dis: buildDiscriminator(defaultGanConfig),
        genOpt: tf.train.adam(1e-4, 0.5, 0.999), disOpt: tf.train.adam(1e-4, 0.5, 0.999),
      };
      const rng = new Rng(1);
      const data = Array.from({ length: n + 1 }, () => source.batch(batch).data.slice());
      await iteration(gan, data[n], batch, rng); // warm-up
      const kernels = o.profile && !name.startsWith('tensorflow') ? profileKernels(tf.getBackend()) : undefined;
      const rounds: number[] = [];
      for (let round = 0; round < (slow ? 1 : o.rounds); ++round) {
        if (batch === 16) measureTorch();
        kernels?.reset();
        const t = performance.now();
        for (let i = 0; i < n; ++i) await iteration(gan, data[i], batch, rng);
        rounds.push((performance.now() - t) / n);
      }
      ours.push({ batch, n, rounds, at: rows.push('') - 1 });
      if (kernels) rows.push(`  kernels over the last round's iterations:\n${kernels.report(15).replace(/^/gm, '  ')}`);
      gan.gen.dispose();
      gan.dis.dispose();
    }
  }
  if (torchRuns.length === 0) measureTorch();
  const torchMs = (b: number) => Math.min(...torchRuns.map((r) => r[String(b)].ms));
  console.log(torchRuns.length
    ? `${describeTorch(torchRuns[0])}, fastest of ${torchRuns.length} round${torchRuns.length === 1 ? '' : 's'}: ` +
      [16, 64].map((b) => `batch ${b}: ${torchMs(b).toFixed(0)} ms per iteration (rounds: ${torchRuns.map((r) => r[String(b)].ms.toFixed(0)).join(', ')})`).join(', ')
    : `PyTorch reference not measured: ${torchMissing}`);
  for (const { batch, n, rounds, at } of ours) {
    const ms = Math.min(...rounds);
    rows[at] = `  batch ${batch}: ${(1000 / ms).toFixed(3)} iterations/s (${ms.toFixed(0)} ms each, ${n} timed` +
      `${rounds.length > 1 ? `; fastest of rounds ${rounds.map((x) => x.toFixed(0)).join(', ')} ms` : ''})` +
      (torchRuns.length ? ` (PyTorch/this = ${(torchMs(batch) / ms).toFixed(2)}x)` : '');
  }
  for (const r of rows) console.log(r);
  source.close();
}

await runCli(main, () => usage('npm run bench:gan --', spec));
