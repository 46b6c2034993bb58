// npm run bench:kernels [-- --reps 50]: the measurements behind two choices of the onednn backend,
// made in one run on this machine:
// 1. oneDNN's matmul against OpenBLAS's sgemm on the matrix products of the Nature CNN's dense
//    layers (forward, both gradients, acting at batch 1); the backend uses oneDNN's.
// 2. elementwise work on the wasm backend's SIMD kernels against the onednn backend's native loops
//    (the kernels a backend on wasm's heap would have kept): a multiply, an add with a broadcast
//    bias, a relu gradient and a transpose of a frame batch.
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/tf/backend.ts';
import { onednnAddon } from '../src/tf/onednn/addon.ts';
import { parseFlags, ranges, runCli, usage } from '../src/cli/flags.ts';

const spec = { defaults: { reps: 50, help: false }, ranges: { reps: ranges.count } };

async function main(): Promise<void> {
  const { config: o } = parseFlags(process.argv.slice(2), spec);
  if (o.help) return void console.log(usage('npm run bench:kernels --', spec));
  const { reps } = o;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const time = (f: () => void) => {
    f();
    const t: number[] = [];
    for (let i = 0; i < reps; ++i) {
      const s = performance.now();
      f();
      t.push(performance.now() - s);
    }
    return median(t);
  };

  const addon = onednnAddon();
  const info = addon.info();
  console.log(`oneDNN ${info.onednn}, ${info.openblas}, ${info.threads} threads; medians of ${reps}`);
  console.log('1. matrix products (ms): oneDNN matmul | OpenBLAS sgemm');
  const products: [string, number, number, number, boolean, boolean][] = [
    ['dense forward 32x3136 . 3136x512', 32, 3136, 512, false, false],
    ['weight gradient x^T . dy', 3136, 32, 512, true, false],
    ['input gradient dy . W^T', 32, 512, 3136, false, true],
    ['acting, batch 1', 1, 3136, 512, false, false],
  ];
  for (const [name, m, k, n, ta, tb] of products) {
    const a = Float32Array.from({ length: m * k }, (_, i) => ((i * 7) % 13) / 13 - 0.5);
    const b = Float32Array.from({ length: k * n }, (_, i) => ((i * 5) % 11) / 11 - 0.5);
    const c = new Float32Array(m * n);
    const shape = [1, 1, m, k, n, ta ? 1 : 0, tb ? 1 : 0];
    const d = time(() => addon.matMul(shape, false, 0, 0, a, b, null, c));
    const o = time(() => addon.blasMatMul(shape, a, b, c));
    console.log(`  ${name.padEnd(36)} ${d.toFixed(3).padStart(8)} | ${o.toFixed(3).padStart(8)}  (${(o / d).toFixed(2)}x)`);
}

console.log('2. elementwise (ms): wasm SIMD | onednn native');
const work: [string, () => tf.Tensor][] = [];
const rows: Record<string, number[]> = {};
for (const backend of ['wasm', 'onednn']) {
  await selectBackend(backend);
  const w = tf.randomUniform([3136, 512]);
  const act = tf.randomUniform([32, 20, 20, 32]);
  const bias = tf.randomUniform([32]);
  const frames = tf.randomUniform([32, 4, 84, 84]);
  work.length = 0;
  work.push(['multiply, 1.6M values', () => tf.mul(w, w)]);
  work.push(['bias add, [32,20,20,32] + [32]', () => tf.add(act, bias)]);
  work.push(['relu gradient dy * step(y)', () => tf.mul(act, tf.step(act))]);
  work.push(['NCHW -> NHWC, 32x4x84x84', () => tf.transpose(frames, [0, 2, 3, 1])]);
  for (const [name, f] of work) (rows[name] ??= []).push(time(() => tf.tidy(() => { f().dataSync(); })));
  tf.dispose([w, act, bias, frames]);
}
for (const [name, [wasm, native]] of Object.entries(rows))
  console.log(`  ${name.padEnd(36)} ${wasm.toFixed(3).padStart(8)} | ${native.toFixed(3).padStart(8)}  (${(wasm / native).toFixed(2)}x)`);
}

await runCli(main, () => usage('npm run bench:kernels --', spec));
