// Conv2DBackpropFilter for the wasm backend, which ships without it (so conv nets cannot train
// there). The filter gradient is itself a convolution (input against output gradient, summed
// over the batch), so it runs on wasm's fast Conv2D instead of a matrix product (a BatchMatMul
// formulation was 30x slower on wasm).
import * as tf from '@tensorflow/tfjs';
import { adoptResult, tensorOf } from './kernel_tensors.ts';

interface Attrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/** dW for NHWC input x [b, h, w, ci], output gradient dy [b, oh, ow, co], filter [kh, kw, ci, co]. */
export function conv2dFilterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, a: Attrs): tf.Tensor4D {
  if (a.dataFormat !== 'NHWC') throw new Error('Conv2DBackpropFilter (wasm): only NHWC is supported');
  const [kh, kw, ci, co] = a.filterShape;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape, a.filterShape, a.strides, 1, a.pad as never, a.dimRoundingMode, false, 'channelsLast',
  );
  const { top, left, bottom, right } = info.padInfo;
  const [sh, sw] = [info.strideHeight, info.strideWidth];
  return tf.tidy(() => {
    const xp = top || left || bottom || right ? tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]) : x;
    // Channels become the batch and the batch becomes the channels: then dW is a stride-1
    // convolution of x with dy as the filter, dilated by the forward stride.
    const xt = tf.transpose(xp, [3, 1, 2, 0]) as tf.Tensor4D;   // [ci, H, W, b]
    const dyt = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D;  // [oh, ow, b, co]
    const g = tf.conv2d(xt, dyt, 1, 'valid', 'NHWC', [sh, sw]); // [ci, >=kh, >=kw, co]
    const cropped = g.shape[1] === kh && g.shape[2] === kw ? g : tf.slice(g, [0, 0, 0, 0], [ci, kh, kw, co]);
    return tf.transpose(cropped, [1, 2, 0, 3]) as tf.Tensor4D;
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
