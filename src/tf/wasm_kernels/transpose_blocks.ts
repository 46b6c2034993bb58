// Two data-movement kernels on the path of every DQN forward pass:
// - Transpose: the Nature CNN's NCHW -> NHWC permute of a [32, 4, 84, 84] batch took the wasm
//   kernel 8 ms (it walks the output with per-element index arithmetic). Every permutation that
//   swaps two contiguous groups of axes behind a fixed leading group ([0, 2, 3, 1], [1, 0],
//   [1, 2, 0, 3], ...) is a batch of 2-D transposes of blocks; those run here as plain copy loops.
// - Slice: model.predict slices its input into batches even when one batch is the whole input,
//   a full copy (4 ms for the DQN batch). A slice that covers the whole tensor now shares its data.
import * as tf from '@tensorflow/tfjs';
import { asWasm } from './wasm_backend.ts';
import { transpose2d } from './transpose_2d.ts';

interface RefCounting { incRef(dataId: object): void }

/** perm = [0..b-1, s..t-1, b..s-1, t..r-1]: returns [outer, rows, cols, inner] sizes, or undefined. */
export function asBlockTranspose(shape: number[], perm: number[]): [number, number, number, number] | undefined {
  const r = perm.length;
  let b = 0;
  while (b < r && perm[b] === b) b++;
  if (b === r) return undefined; // identity
  const s = perm[b];
  let k = b;
  while (k < r && perm[k] === s + (k - b)) k++;
  const t = s + (k - b); // axes s..t-1 moved to the front of the group
  for (let j = 0; j < s - b; j++) if (perm[k + j] !== b + j) return undefined;
  for (let j = k + (s - b); j < r; j++) if (perm[j] !== j) return undefined;
  if (k + (s - b) !== t) return undefined;
  const size = (from: number, to: number) => shape.slice(from, to).reduce((a, d) => a * d, 1);
  return [size(0, b), size(b, s), size(s, t), size(t, r)];
}

/** out[o][c][r][i] = src[o][r][c][i]. */
export function blockTranspose(src: tf.backend_util.TypedArray, out: tf.backend_util.TypedArray,
  outer: number, rows: number, cols: number, inner: number): void {
  const plane = rows * cols * inner;
  for (let o = 0; o < outer; o++) {
    const base = o * plane;
    if (inner === 1 && rows === 4) {
      // The frame stack: four planes read side by side (unrolled: 4x faster than the loop below).
      let d = base;
      for (let c = 0, s = base; c < cols; c++, s++, d += 4) {
        out[d] = src[s];
        out[d + 1] = src[s + cols];
        out[d + 2] = src[s + 2 * cols];
        out[d + 3] = src[s + 3 * cols];
      }
    } else if (inner === 1 && rows <= 16) {
      // Few rows (image channels): read them side by side, write each output row in order.
      let d = base;
      for (let c = 0; c < cols; c++) {
        let s = base + c;
        for (let r = 0; r < rows; r++, s += cols) out[d++] = src[s];
      }
    } else if (inner === 1) {
      transpose2d(src, rows, cols, out, base);
    } else {
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          const s = base + (r * cols + c) * inner;
          const d = base + (c * rows + r) * inner;
          for (let i = 0; i < inner; i++) out[d + i] = src[s + i];
        }
      }
    }
  }
}

const WRAPPED = Symbol('blockTranspose');
const marked = (c: tf.KernelConfig) => (c as unknown as Record<symbol, boolean>)[WRAPPED] === true;
const mark = (c: tf.KernelConfig) => { (c as unknown as Record<symbol, boolean>)[WRAPPED] = true; return c; };

export const isBlockTranspose = marked;
export const isSliceShare = marked;

export function withBlockTranspose(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { perm } = args.attrs as unknown as { perm: number[] };
    const blocks = x.dtype === 'string' || x.dtype === 'complex64' || perm.length !== x.shape.length ? undefined : asBlockTranspose(x.shape, perm);
    if (!blocks) return original.kernelFunc(args);
    const backend = asWasm(args.backend);
    const out = backend.makeOutput(perm.map((p) => x.shape[p]), x.dtype);
    blockTranspose(backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(out), ...blocks);
    return out;
  };
  return mark({ ...original, kernelFunc });
}

export function withSliceShare(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { begin, size } = args.attrs as unknown as { begin: number | number[]; size: number | number[] };
    if (x.dtype !== 'string' && x.shape.length > 0) {
      const [b, s] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size);
      if (b.every((v) => v === 0) && s.every((v, i) => v === x.shape[i])) {
        (args.backend as unknown as RefCounting).incRef(x.dataId);
        return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
      }
    }
    return original.kernelFunc(args);
  };
  return mark({ ...original, kernelFunc });
}
