// Reading tensor values in loops that may run on a GPU. The CPU backends compute eagerly, so a
// synchronous read there is a memory copy and the fastest thing to do. webgpu cannot read
// synchronously (dataSync throws for a tensor on the GPU) and every read waits for the queue, so
// its loops read asynchronously and read several tensors in one go.
import * as tf from '@tensorflow/tfjs';
import { webgpuLost } from './webgpu.ts';

const ASYNC_BACKENDS = new Set(['webgpu']);

/** True where tensor values can be read synchronously (every backend but webgpu). */
export function syncReads(): boolean {
  return !ASYNC_BACKENDS.has(tf.getBackend());
}

function asFloat32(v: tf.TypedArray | Uint8Array): Float32Array {
  return v instanceof Float32Array ? v : Float32Array.from(v as ArrayLike<number>);
}

/** The problem with a failed GPU read, in one line: a lost device says what to do next. */
function readFailure(e: unknown): Error {
  const lost = webgpuLost();
  if (lost !== undefined)
    return new Error(`the GPU device was lost (${lost.split('\n')[0]}): the run's last checkpoint is intact; --resume it with --backend onednn (or wasm, cpu) to continue on the CPU`);
  return e as Error;
}

/**
 * The values of float tensors (int tensors are converted), one array per tensor, in one read: a
 * synchronous copy on the CPU backends; on webgpu one download of all of them, concatenated.
 * The tensors are not disposed.
 */
export async function readFloats(ts: tf.Tensor[]): Promise<Float32Array[]> {
  if (syncReads()) return ts.map((t) => asFloat32(t.dataSync() as tf.TypedArray));
  if (webgpuLost() !== undefined) throw readFailure(undefined);
  const flat = ts.length === 1 ? ts[0] : tf.tidy(() => tf.concat(ts.map((t) => tf.cast(t.reshape([-1]), 'float32'))));
  let all: Float32Array;
  try {
    all = asFloat32((await flat.data()) as tf.TypedArray);
  } catch (e) {
    throw readFailure(e);
  } finally {
    if (flat !== ts[0]) flat.dispose();
  }
  const out: Float32Array[] = [];
  let at = 0;
  for (const t of ts) {
    out.push(all.subarray(at, at + t.size));
    at += t.size;
  }
  return out;
}

/** The first value of each tensor (losses, means), in one read. */
export async function readScalars(ts: tf.Tensor[]): Promise<number[]> {
  return (await readFloats(ts)).map((v) => v[0]);
}

/** The int values of one tensor (actions), in one read. */
export async function readInts(t: tf.Tensor): Promise<Int32Array> {
  if (syncReads()) {
    const v = t.dataSync();
    return v instanceof Int32Array ? v : Int32Array.from(v as ArrayLike<number>);
  }
  const [f] = await readFloats([t]);
  return Int32Array.from(f);
}
