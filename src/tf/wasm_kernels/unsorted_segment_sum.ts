// UnsortedSegmentSum (the gradient of gather) is not in
// @tensorflow/tfjs-backend-wasm. One pass over the rows; ids outside
// [0, numSegments) are dropped, as on the cpu backend.
import * as tf from '@tensorflow/tfjs';
import { asWasm } from './wasm_backend.ts';

function unsortedSegmentSum({ inputs, backend: anyBackend, attrs }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const backend = asWasm(anyBackend);
  const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const { numSegments } = attrs as unknown as { numSegments: number };
  if (segmentIds.shape.length !== 1) throw new Error(`UnsortedSegmentSum on wasm needs 1-D segmentIds, got shape [${segmentIds.shape}]`);
  const rows = segmentIds.shape[0];
  if (x.shape[0] !== rows) throw new Error(`UnsortedSegmentSum: x has ${x.shape[0]} rows but segmentIds has ${rows}`);
  const inner = tf.util.sizeFromShape(x.shape.slice(1));
  const out = backend.makeOutput([numSegments, ...x.shape.slice(1)], x.dtype);
  const dst = backend.typedArrayFromHeap(out);
  const src = backend.typedArrayFromHeap(x);
  const ids = backend.typedArrayFromHeap(segmentIds);
  dst.fill(0);
  for (let r = 0; r < rows; r++) {
    const s = ids[r];
    if (s < 0 || s >= numSegments) continue;
    const d0 = s * inner;
    const s0 = r * inner;
    for (let k = 0; k < inner; k++) dst[d0 + k] += src[s0 + k];
  }
  return out;
}

export const unsortedSegmentSumConfig: tf.KernelConfig = {
  kernelName: tf.UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSum as tf.KernelFunc,
};
