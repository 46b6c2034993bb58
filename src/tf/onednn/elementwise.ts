// Elementwise ops, comparisons, select, reductions, tiles and transposes on native loops (native/tf/elementwise.cc). The cpu
// backend's versions index every element through generic broadcasting code and were most of a
// train step's time. float32 only (Transpose: any 4-byte type); other dtypes use the cpu kernels.
import * as tf from '@tensorflow/tfjs';
import { onednnAddon } from './addon.ts';
import { asOneDnn, cpuKernel, f32, output, type KernelArgs } from './storage.ts';

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

// Codes of native/tf/elementwise.cc.
const BINARY: Record<string, number> = {
  [tf.Add]: 0, [tf.Sub]: 1, [tf.Multiply]: 2, [tf.RealDiv]: 3, [tf.Maximum]: 4, [tf.Minimum]: 5,
  [tf.SquaredDifference]: 6, [tf.Pow]: 7,
};
// Comparisons: float32 inputs, a bool (one byte per value) output.
const COMPARE: Record<string, number> = {
  [tf.Greater]: 8, [tf.GreaterEqual]: 9, [tf.Less]: 10, [tf.LessEqual]: 11, [tf.Equal]: 12, [tf.NotEqual]: 13,
};
const UNARY: Record<string, number> = {
  [tf.Sqrt]: 0, [tf.Square]: 1, [tf.Relu]: 2, [tf.Step]: 3, [tf.Neg]: 4, [tf.Abs]: 5, [tf.Exp]: 6, [tf.Log]: 7,
  [tf.Sigmoid]: 8, [tf.Tanh]: 9, [tf.Rsqrt]: 10, [tf.Reciprocal]: 11, [tf.LeakyRelu]: 12, [tf.Elu]: 13,
  [tf.Relu6]: 14, [tf.Log1p]: 15,
};
const REDUCE: Record<string, number> = { [tf.Sum]: 0, [tf.Max]: 1, [tf.Min]: 2, [tf.Mean]: 3 };

/** Strides of `shape` inside `out` (right-aligned, as numpy broadcasting), 0 along broadcast dims. */
function broadcastStrides(shape: readonly number[], out: readonly number[]): number[] {
  const strides = new Array<number>(out.length).fill(0);
  let s = 1;
  for (let i = shape.length - 1, d = out.length - 1; i >= 0; --i, --d) {
    strides[d] = shape[i] === 1 && out[d] !== 1 ? 0 : s;
    s *= shape[i];
  }
  return strides;
}

/** Merges neighbouring dimensions both operands walk the same way (contiguously, or both broadcast),
 * so [32,20,20,32] + [32] is walked as [12800, 32] rows: fewer index computations per row. */
function collapse(shape: readonly number[], sa: number[], sb: number[]): [number[], number[], number[]] {
  const out: [number[], number[], number[]] = [[...shape.slice(0, 1)], sa.slice(0, 1), sb.slice(0, 1)];
  for (let d = 1; d < shape.length; ++d) {
    const last = out[0].length - 1;
    if (out[1][last] === sa[d] * shape[d] && out[2][last] === sb[d] * shape[d]) {
      out[0][last] *= shape[d];
      out[1][last] = sa[d];
      out[2][last] = sb[d];
    } else {
      out[0].push(shape[d]);
      out[1].push(sa[d]);
      out[2].push(sb[d]);
    }
  }
  return out;
}

/** Arithmetic (float32 out) and comparisons (bool out) share the broadcasting native loop. */
function binary(name: string) {
  const fallback = cpuKernel(name);
  const comparison = name in COMPARE;
  const op = comparison ? COMPARE[name] : BINARY[name];
  return (args: KernelArgs): tf.TensorInfo => {
    const backend = asOneDnn(args.backend);
    const { a, b } = args.inputs as Record<string, tf.TensorInfo>;
    const av = f32(backend, a);
    const bv = f32(backend, b);
    if (!av || !bv) return fallback(args) as tf.TensorInfo;
    const outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const out = comparison ? new Uint8Array(size(outShape)) : backend.alloc(size(outShape));
    onednnAddon().binary(op, ...collapse(outShape, broadcastStrides(a.shape, outShape), broadcastStrides(b.shape, outShape)), av, bv, out);
    return backend.makeTensorInfo(outShape, comparison ? 'bool' : 'float32', out);
  };
}

const selectFallback = cpuKernel(tf.Select);
function select(args: KernelArgs): tf.TensorInfo {
  const backend = asOneDnn(args.backend);
  const { condition, t, e } = args.inputs as Record<string, tf.TensorInfo>;
  const c = backend.data.get(condition.dataId).values;
  const tv = f32(backend, t);
  const ev = f32(backend, e);
  if (!(c instanceof Uint8Array) || !tv || !ev || c.length !== tv.length || ev.length !== tv.length ||
    !tf.util.arraysEqual(condition.shape, t.shape)) return selectFallback(args) as tf.TensorInfo;
  const out = backend.alloc(tv.length);
  onednnAddon().select(c, tv, ev, out);
  return output(backend, t.shape, out);
}

const tileFallback = cpuKernel(tf.Tile);
function tile(args: KernelArgs): tf.TensorInfo {
  const backend = asOneDnn(args.backend);
  const { x } = args.inputs as Record<string, tf.TensorInfo>;
  const { reps } = args.attrs as unknown as { reps: number[] };
  const v = backend.data.get(x.dataId).values;
  if (!(v instanceof Float32Array || v instanceof Int32Array) || x.shape.length === 0 || reps.length !== x.shape.length || v.length === 0)
    return tileFallback(args) as tf.TensorInfo;
  const outShape = x.shape.map((d, i) => d * reps[i]);
  const out = v instanceof Float32Array ? backend.alloc(size(outShape)) : new Int32Array(size(outShape));
  onednnAddon().tile(x.shape, reps, v, out);
  return backend.makeTensorInfo(outShape, x.dtype, out);
}

// FusedBatchNorm: parameters of 1 or `channels` values (the last dimension), as layers pass them.
const batchNormFallback = cpuKernel(tf.FusedBatchNorm);
function batchNorm(args: KernelArgs): tf.TensorInfo {
  const backend = asOneDnn(args.backend);
  const { x, mean, variance, scale, offset } = args.inputs as Record<string, tf.TensorInfo | undefined>;
  const { varianceEpsilon } = args.attrs as unknown as { varianceEpsilon?: number };
  const channels = x!.shape[x!.shape.length - 1] ?? 1;
  const [xv, mv, vv] = [x!, mean!, variance!].map((t) => f32(backend, t));
  const sv = scale ? f32(backend, scale) : null;
  const ov = offset ? f32(backend, offset) : null;
  const fits = (a: Float32Array | null | undefined) => a === null || (a !== undefined && (a.length === 1 || a.length === channels));
  if (!xv || !mv || !vv || xv.length === 0 || ![mv, vv, sv, ov].every(fits)) return batchNormFallback(args) as tf.TensorInfo;
  const out = backend.alloc(xv.length);
  onednnAddon().batchNorm(xv, mv, vv, sv as Float32Array | null, ov as Float32Array | null, varianceEpsilon ?? 0.001, channels, out);
  return output(backend, x!.shape, out);
}

function unary(name: string) {
  const fallback = cpuKernel(name);
  const op = UNARY[name];
  return (args: KernelArgs): tf.TensorInfo => {
    const backend = asOneDnn(args.backend);
    const { x } = args.inputs as Record<string, tf.TensorInfo>;
    const xv = f32(backend, x);
    if (!xv) return fallback(args) as tf.TensorInfo;
    const alpha = (args.attrs as { alpha?: number } | undefined)?.alpha ?? (name === tf.LeakyRelu ? 0.2 : 0);
    const out = backend.alloc(xv.length);
    onednnAddon().unary(op, alpha, xv, out);
    return output(backend, x.shape, out);
  };
}

function reduce(name: string) {
  const fallback = cpuKernel(name);
  const op = REDUCE[name];
  return (args: KernelArgs): tf.TensorInfo => {
    const backend = asOneDnn(args.backend);
    const { x } = args.inputs as Record<string, tf.TensorInfo>;
    // Sum and Min name the axes `axis`, Max `reductionIndices`.
    const { axis, reductionIndices, keepDims } = args.attrs as unknown as { axis?: number | number[]; reductionIndices?: number | number[]; keepDims: boolean };
    const xv = f32(backend, x);
    const axes = [...tf.util.parseAxisParam((axis ?? reductionIndices ?? null) as number | number[], x.shape)].sort((p, q) => p - q);
    // Native when the reduced axes are consecutive: x is then [outer, reduced, inner].
    const consecutive = axes.every((ax, i) => i === 0 || ax === axes[i - 1] + 1);
    if (!xv || !consecutive || xv.length === 0) return fallback(args) as tf.TensorInfo;
    const first = axes.length ? axes[0] : 0;
    const last = axes.length ? axes[axes.length - 1] : -1;
    const outer = size(x.shape.slice(0, first));
    const red = axes.length ? size(x.shape.slice(first, last + 1)) : 1;
    const inner = size(x.shape.slice(last + 1));
    const out = backend.alloc(outer * inner);
    onednnAddon().reduce(op, outer, red, inner, xv, out);
    const outShape = keepDims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !axes.includes(i));
    return output(backend, outShape, out);
  };
}

const transposeFallback = cpuKernel(tf.Transpose);
function transpose(args: KernelArgs): tf.TensorInfo {
  const backend = asOneDnn(args.backend);
  const { x } = args.inputs as Record<string, tf.TensorInfo>;
  const { perm } = args.attrs as unknown as { perm: number[] };
  const v = backend.data.get(x.dataId).values;
  if (!(v instanceof Float32Array || v instanceof Int32Array) || x.shape.length === 0 || v.length === 0)
    return transposeFallback(args) as tf.TensorInfo;
  const out = v instanceof Float32Array ? backend.alloc(v.length) : new Int32Array(v.length);
  onednnAddon().transpose(x.shape, perm, v, out);
  return backend.makeTensorInfo(perm.map((p) => x.shape[p]), x.dtype, out);
}

const addNFallback = cpuKernel(tf.AddN);
function addN(args: KernelArgs): tf.TensorInfo {
  const backend = asOneDnn(args.backend);
  const tensors = args.inputs as unknown as tf.TensorInfo[];
  const values = tensors.map((t) => f32(backend, t));
  if (values.some((v) => !v) || tensors.some((t) => !tf.util.arraysEqual(t.shape, tensors[0].shape)))
    return addNFallback(args) as tf.TensorInfo;
  const shape = tensors[0].shape;
  const strides = broadcastStrides(shape, shape);
  const out = backend.alloc(values[0]!.length);
  out.set(values[0]!);
  for (let i = 1; i < values.length; ++i) onednnAddon().binary(BINARY[tf.Add], shape, strides, strides, out, values[i]!, out);
  return output(backend, shape, out);
}

export function elementwiseKernels(backendName: string): tf.KernelConfig[] {
  return [
    ...Object.keys(BINARY).map((kernelName) => ({ kernelName, backendName, kernelFunc: binary(kernelName) as tf.KernelFunc })),
    ...Object.keys(COMPARE).map((kernelName) => ({ kernelName, backendName, kernelFunc: binary(kernelName) as tf.KernelFunc })),
    { kernelName: tf.Select, backendName, kernelFunc: select as tf.KernelFunc },
    { kernelName: tf.Tile, backendName, kernelFunc: tile as tf.KernelFunc },
    { kernelName: tf.FusedBatchNorm, backendName, kernelFunc: batchNorm as tf.KernelFunc },
    ...Object.keys(UNARY).map((kernelName) => ({ kernelName, backendName, kernelFunc: unary(kernelName) as tf.KernelFunc })),
    ...Object.keys(REDUCE).map((kernelName) => ({ kernelName, backendName, kernelFunc: reduce(kernelName) as tf.KernelFunc })),
    { kernelName: tf.Transpose, backendName, kernelFunc: transpose as tf.KernelFunc },
    { kernelName: tf.AddN, backendName, kernelFunc: addN as tf.KernelFunc },
  ];
}
