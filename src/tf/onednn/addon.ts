// Loads the oneDNN kernels' addon (build/Release/atari_onednn.node). It is built by `npm install`
// only where oneDNN and OpenBLAS are installed; elsewhere loading says which packages add it.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../native.ts';

export interface OneDnnAddon {
  info(): { onednn: string; openblas: string; threads: number; isa: string };
  setThreads(n: number): void;
  conv2d(geometry: number[], hasBias: boolean, activation: number, alpha: number,
    x: Float32Array, filter: Float32Array, bias: Float32Array | null, out: Float32Array): boolean;
  conv2dBackpropInput(geometry: number[], dy: Float32Array, filter: Float32Array, dx: Float32Array): boolean;
  conv2dBackpropFilter(geometry: number[], x: Float32Array, dy: Float32Array, dw: Float32Array): boolean;
  matMul(shape: number[], hasBias: boolean, activation: number, alpha: number,
    a: Float32Array, b: Float32Array, bias: Float32Array | null, out: Float32Array): boolean;
  blasMatMul(shape: number[], a: Float32Array, b: Float32Array, out: Float32Array): void;
  binary(op: number, outShape: number[], aStrides: number[], bStrides: number[], a: Float32Array, b: Float32Array, out: Float32Array | Uint8Array): void;
  select(condition: Uint8Array, t: Float32Array, e: Float32Array, out: Float32Array): void;
  batchNorm(x: Float32Array, mean: Float32Array, variance: Float32Array, scale: Float32Array | null, offset: Float32Array | null,
    epsilon: number, channels: number, out: Float32Array): void;
  tile(shape: number[], reps: number[], x: Float32Array | Int32Array, out: Float32Array | Int32Array): void;
  unary(op: number, alpha: number, x: Float32Array, out: Float32Array): void;
  reduce(op: number, outer: number, reduce: number, inner: number, x: Float32Array, out: Float32Array): void;
  adam(scalars: number[], value: Float32Array, m: Float32Array, v: Float32Array, g: Float32Array,
    outValue: Float32Array, outM: Float32Array, outV: Float32Array): void;
  transpose(shape: number[], perm: number[], x: Float32Array | Int32Array, out: Float32Array | Int32Array): void;
}

export const INSTALL_HINT = 'install oneDNN and OpenBLAS (Debian/Ubuntu: apt-get install libdnnl-dev libopenblas-dev) and run npm install again';

/** Threads for oneDNN's OpenMP pool: $ATARI_RL_THREADS, else every core this process may use. */
export function threadCount(): number {
  const env = process.env.ATARI_RL_THREADS;
  if (env !== undefined && env !== '') {
    const n = Number(env);
    if (!Number.isInteger(n) || n < 1) throw new Error(`ATARI_RL_THREADS=${env} is not a thread count: set it to an integer >= 1 or unset it`);
    return n;
  }
  return os.availableParallelism();
}

let cached: OneDnnAddon | undefined;

export function onednnAddon(): OneDnnAddon {
  if (cached) return cached;
  const file = process.env.ATARI_ONEDNN_ADDON ?? path.join(repoRoot, 'build', 'Release', 'atari_onednn.node');
  if (!existsSync(file)) throw new Error(`the onednn backend is not built (${path.relative(process.cwd(), file)} is missing): ${INSTALL_HINT}`);
  // After a parallel region libgomp's threads spin (300,000 rounds by default) before they sleep.
  // Spinning that long takes the cores the emulator threads need; not spinning at all (PASSIVE)
  // costs a futex wake per region, which was half of a batch-1 forward (1.27 -> 0.66 ms with a
  // short spin). A short spin bridges the gaps between one kernel's regions and the next kernel's.
  // Read when libgomp loads; either variable set by the user wins.
  if (process.env.OMP_WAIT_POLICY === undefined) process.env.GOMP_SPINCOUNT ??= '10000';
  let addon: OneDnnAddon;
  try {
    addon = createRequire(import.meta.url)(file) as OneDnnAddon;
  } catch (e) {
    throw new Error(`the onednn backend could not be loaded (${(e as Error).message.split('\n')[0]}): ${INSTALL_HINT}`);
  }
  addon.setThreads(threadCount());
  cached = addon;
  return addon;
}
