// Conv2DBackpropFilter for the wasm backend, which ships without it (so conv nets cannot train
// there). The filter gradient is one matrix product: the input's patches laid out as rows
// (im2col, built from strided slices) transposed, times the output gradient. Every step runs
// as existing wasm kernels, so the heavy part is wasm's SIMD/threaded matmul.
import * as tf from '@tensorflow/tfjs';

interface Attrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/** dW = im2col(x)^T · dy, for NHWC input x [b, h, w, ci], dy [b, oh, ow, co], filter [kh, kw, ci, co]. */
export function conv2dFilterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, a: Attrs): tf.Tensor4D {
  if (a.dataFormat !== 'NHWC') throw new Error('Conv2DBackpropFilter (wasm): only NHWC is supported');
  const [kh, kw, ci, co] = a.filterShape;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape, a.filterShape, a.strides, 1, a.pad as never, a.dimRoundingMode, false, 'channelsLast',
  );
  const { top, left, bottom, right } = info.padInfo;
  const [sh, sw] = [info.strideHeight, info.strideWidth];
  const [b, oh, ow] = [x.shape[0], info.outHeight, info.outWidth];
  return tf.tidy(() => {
    const xp = top || left || bottom || right ? tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]) : x;
    const patches: tf.Tensor4D[] = [];
    for (let i = 0; i < kh; ++i)
      for (let j = 0; j < kw; ++j)
        patches.push(tf.stridedSlice(xp, [0, i, j, 0], [b, i + (oh - 1) * sh + 1, j + (ow - 1) * sw + 1, ci], [1, sh, sw, 1]) as tf.Tensor4D);
    // Columns ordered (kh, kw, ci) to match the filter layout.
    const cols = tf.reshape(tf.concat(patches, 3), [b * oh * ow, kh * kw * ci]);
    const g = tf.matMul(cols, tf.reshape(dy, [b * oh * ow, co]), true, false);
    return tf.reshape(g, [kh, kw, ci, co]);
  });
}

export const conv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as unknown as { x: tf.Tensor4D; dy: tf.Tensor4D };
    const [xt, dyt] = [tensorOf(x, backend), tensorOf(dy, backend)];
    const result = conv2dFilterGradient(xt, dyt, attrs as unknown as Attrs);
    tf.dispose([xt, dyt]);
    return adoptResult(result, backend);
  },
};

// Kernel inputs arrive as TensorInfos; wrap them as tensors sharing the data (one more reference,
// dropped again when the wrapper is disposed).
function tensorOf<T extends tf.Tensor>(info: T, backend: unknown): T {
  (backend as { incRef(id: object): void }).incRef(info.dataId);
  return tf.engine().makeTensorFromTensorInfo(info as unknown as tf.TensorInfo) as T;
}

/** Hand a tensor computed inside a kernel to the engine as the kernel's output (shared data, one more ref). */
function adoptResult(t: tf.Tensor, backend: unknown): tf.TensorInfo {
  (backend as { incRef(id: object): void }).incRef(t.dataId);
  const out = { dataId: t.dataId, shape: t.shape, dtype: t.dtype };
  t.dispose();
  return out;
}
