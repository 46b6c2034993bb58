// The wasm BatchMatMul runs XNNPACK only for a single matrix product with
// neither operand transposed; with transposeA or transposeB it falls back to a
// naive loop that is 10-20x slower. Dense-layer gradients are exactly those
// transposed products, so this wrapper copies operands transposed (a cheap
// blocked copy) and calls the fast path; batched products keep the package's
// kernel.
import * as tf from '@tensorflow/tfjs';
import { asWasm, f32, view, type WasmBackend } from './wasm_backend.ts';
import { transpose2d } from './transpose_2d.ts';

const WRAPPED = Symbol('transposeFastPath');

interface Attrs {
  transposeA: boolean;
  transposeB: boolean;
}

function batchOf(info: tf.TensorInfo): number {
  return tf.util.sizeFromShape(info.shape.slice(0, -2));
}

function transposedShape(shape: number[]): number[] {
  const r = shape.length;
  return [...shape.slice(0, -2), shape[r - 1], shape[r - 2]];
}

/** x.y on the fast path, copying x (y) transposed first when tx (ty). */
function plainProduct(
  backend: WasmBackend,
  original: tf.KernelConfig,
  args: Parameters<tf.KernelFunc>[0],
  x: tf.TensorInfo,
  tx: boolean,
  y: tf.TensorInfo,
  ty: boolean,
): tf.TensorInfo {
  const xt = tx ? backend.makeOutput(transposedShape(x.shape), 'float32') : undefined;
  const yt = ty ? backend.makeOutput(transposedShape(y.shape), 'float32') : undefined;
  // Views only after both allocations (an allocation may grow the heap).
  if (xt) transpose2d(f32(backend, x), x.shape[x.shape.length - 2], x.shape[x.shape.length - 1], f32(backend, xt));
  if (yt) transpose2d(f32(backend, y), y.shape[y.shape.length - 2], y.shape[y.shape.length - 1], f32(backend, yt));
  const out = original.kernelFunc({
    ...args,
    inputs: { a: xt ?? x, b: yt ?? y },
    attrs: { ...args.attrs, transposeA: false, transposeB: false },
  }) as tf.TensorInfo;
  if (xt) backend.disposeData(xt.dataId);
  if (yt) backend.disposeData(yt.dataId);
  return view(out, out.shape.slice(-2));
}

export function isTransposeFastPath(config: tf.KernelConfig): boolean {
  return (config as unknown as Record<symbol, boolean>)[WRAPPED] === true;
}

export function withTransposeFastPath(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = args.attrs as unknown as Attrs;
    const plain = !transposeA && !transposeB;
    if (plain || a.dtype !== 'float32' || b.dtype !== 'float32' || batchOf(a) !== 1 || batchOf(b) !== 1) {
      return original.kernelFunc(args);
    }
    const backend = asWasm(args.backend);
    const sizeA = tf.util.sizeFromShape(a.shape);
    const sizeB = tf.util.sizeFromShape(b.shape);
    const rows = a.shape[a.shape.length - (transposeA ? 1 : 2)];
    const cols = b.shape[b.shape.length - (transposeB ? 2 : 1)];
    // op(A).op(B) = (op(B)^T.op(A)^T)^T: copy whichever operands are cheaper.
    const direct = (transposeA ? sizeA : 0) + (transposeB ? sizeB : 0);
    const swapped = (transposeA ? 0 : sizeA) + (transposeB ? 0 : sizeB) + rows * cols;
    const outShape = [
      ...tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2)), rows, cols];
    if (direct <= swapped) {
      return view(plainProduct(backend, original, args, a, transposeA, b, transposeB), outShape);
    }
    const outT = plainProduct(backend, original, args, b, !transposeB, a, !transposeA);
    const out = backend.makeOutput(outShape, 'float32');
    transpose2d(f32(backend, outT), cols, rows, f32(backend, out));
    backend.disposeData(outT.dataId);
    return out;
  };
  const config: tf.KernelConfig = { ...original, kernelFunc };
  (config as unknown as Record<symbol, boolean>)[WRAPPED] = true;
  return config;
}
