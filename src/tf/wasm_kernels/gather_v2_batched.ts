// The wasm GatherV2 of tfjs-backend-wasm 4.22 returns wrong values (and can
// read out of bounds) when batchDims > 0, e.g. gather(q, actions, 1, 1) that
// picks each row's Q value in DQN. Batched gathers run here instead; plain
// ones (batchDims 0) keep the package's kernel.
import * as tf from '@tensorflow/tfjs';
import { asWasm } from './wasm_backend.ts';

function gatherBatched(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const backend = asWasm(args.backend);
  const { x, indices } = args.inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
  const { axis, batchDims } = args.attrs as unknown as { axis: number; batchDims: number };
  const parsedAxis = tf.util.parseAxisParam(axis, x.shape)[0];
  const info = tf.backend_util.segment_util.collectGatherOpShapeInfo(
    x as tf.Tensor, indices as tf.Tensor, parsedAxis, batchDims);
  const { batchSize, outerSize, dimSize, sliceSize } = info;
  const perBatch = tf.util.sizeFromShape(indices.shape) / batchSize;
  const out = backend.makeOutput(info.outputShape, x.dtype);
  const dst = backend.typedArrayFromHeap(out);
  const src = backend.typedArrayFromHeap(x);
  const idx = backend.typedArrayFromHeap(indices);
  for (let i = 0; i < idx.length; i++) {
    if (!(idx[i] >= 0 && idx[i] < dimSize)) {
      backend.disposeData(out.dataId);
      throw new Error(`GatherV2: the index value ${idx[i]} is not in [0, ${dimSize - 1}]`);
    }
  }
  let d = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let o = 0; o < outerSize; o++) {
      const base = (b * outerSize + o) * dimSize;
      for (let i = 0; i < perBatch; i++) {
        const s = (base + idx[b * perBatch + i]) * sliceSize;
        for (let k = 0; k < sliceSize; k++) dst[d++] = src[s + k];
      }
    }
  }
  return out;
}

const WRAPPED = Symbol('batchedGather');

export function isBatchedGatherFix(config: tf.KernelConfig): boolean {
  return (config as unknown as Record<symbol, boolean>)[WRAPPED] === true;
}

export function withBatchedGatherFix(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) => {
    const batchDims = (args.attrs as unknown as { batchDims?: number }).batchDims ?? 0;
    const x = (args.inputs as { x: tf.TensorInfo }).x;
    if (batchDims === 0 || x.dtype === 'string') return original.kernelFunc(args);
    return gatherBatched(args);
  };
  const config: tf.KernelConfig = { ...original, kernelFunc };
  (config as unknown as Record<symbol, boolean>)[WRAPPED] = true;
  return config;
}
