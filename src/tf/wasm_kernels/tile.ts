// The wasm Tile computes every output element's source index with a division
// per dimension (about 80 ns per element); batchNormalization gradients tile
// [1,1,1,C] statistics up to whole activations, which made Tile a tenth of a
// DCGAN step. Here each dimension's block is written once and then replicated
// with copyWithin (a memmove).
import * as tf from '@tensorflow/tfjs';
import { asWasm } from './wasm_backend.ts';

function tile(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const backend = asWasm(args.backend);
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { reps } = args.attrs as unknown as { reps: number[] };
  const inShape = x.shape;
  const rank = inShape.length;
  if (reps.length !== rank) throw new Error(`Tile: reps has ${reps.length} entries for a rank-${rank} tensor`);
  const outShape = inShape.map((d, i) => d * reps[i]);
  const out = backend.makeOutput(outShape, x.dtype);
  if (tf.util.sizeFromShape(outShape) === 0) return out;
  const dst = backend.typedArrayFromHeap(out);
  const src = backend.typedArrayFromHeap(x);
  const inStride = new Array<number>(rank);
  const outStride = new Array<number>(rank);
  inStride[rank - 1] = 1;
  outStride[rank - 1] = 1;
  for (let d = rank - 2; d >= 0; d--) {
    inStride[d] = inStride[d + 1] * inShape[d + 1];
    outStride[d] = outStride[d + 1] * outShape[d + 1];
  }
  // Writes the tile of dimensions d.. of the source block at s into dst at o.
  const fill = (d: number, s: number, o: number): void => {
    const n = inShape[d];
    if (d === rank - 1) {
      dst.set(src.subarray(s, s + n), o);
    } else {
      for (let i = 0; i < n; i++) fill(d + 1, s + i * inStride[d], o + i * outStride[d]);
    }
    const block = n * outStride[d];
    for (let r = 1; r < reps[d]; r++) dst.copyWithin(o + r * block, o, o + block);
  };
  fill(0, 0, 0);
  return out;
}

const WRAPPED = Symbol('tileByBlocks');

export function isTileByBlocks(config: tf.KernelConfig): boolean {
  return (config as unknown as Record<symbol, boolean>)[WRAPPED] === true;
}

/** Numeric tensors are tiled here; strings stay on the package kernel. */
export function withTileByBlocks(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    if (x.dtype === 'string' || x.shape.length === 0) return original.kernelFunc(args);
    return tile(args);
  };
  const config: tf.KernelConfig = { ...original, kernelFunc };
  (config as unknown as Record<symbol, boolean>)[WRAPPED] = true;
  return config;
}
