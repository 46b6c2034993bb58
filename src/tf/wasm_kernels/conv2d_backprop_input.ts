// Conv2DBackpropInput for the wasm backend. The stock wasm kernel is a plain loop and makes
// transposed convolutions (the GAN's generator) and every conv layer's backward pass slow.
// The input gradient equals a stride-1 convolution of the stride-dilated output gradient with
// the filter rotated by 180 degrees and its channel axes swapped; that runs on wasm's fast Conv2D.
import * as tf from '@tensorflow/tfjs';
import { adoptResult, tensorOf } from './kernel_tensors.ts';

interface Attrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
}

/** Insert s-1 zeros between neighbouring rows / columns of x [b, h, w, c]. */
function dilate(x: tf.Tensor4D, sh: number, sw: number): tf.Tensor4D {
  if (sh === 1 && sw === 1) return x;
  const [b, h, w, c] = x.shape;
  const spread = tf.pad(tf.reshape(x, [b, h, 1, w, 1, c]), [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
  const full = tf.reshape(spread, [b, h * sh, w * sw, c]);
  return tf.slice(full, [0, 0, 0, 0], [b, (h - 1) * sh + 1, (w - 1) * sw + 1, c]) as tf.Tensor4D;
}

export function conv2dInputGradient(dy: tf.Tensor4D, filter: tf.Tensor4D, a: Attrs): tf.Tensor4D {
  if (a.dataFormat !== 'NHWC') throw new Error('Conv2DBackpropInput (wasm): only NHWC is supported');
  const [kh, kw] = filter.shape;
  const info = tf.backend_util.computeConv2DInfo(a.inputShape, filter.shape, a.strides, 1, a.pad as never, a.dimRoundingMode, false, 'channelsLast');
  const { top, left } = info.padInfo;
  const [H, W] = [a.inputShape[1], a.inputShape[2]];
  return tf.tidy(() => {
    const d = dilate(dy, info.strideHeight, info.strideWidth);
    // Padding so that output pixel i sees exactly the dy taps that input pixel i fed.
    const pt = kh - 1 - top;
    const pl = kw - 1 - left;
    const pb = H + kh - 1 - d.shape[1] - pt;
    const pr = W + kw - 1 - d.shape[2] - pl;
    let x = tf.pad(d, [[0, 0], [Math.max(pt, 0), Math.max(pb, 0)], [Math.max(pl, 0), Math.max(pr, 0)], [0, 0]]);
    if (pt < 0 || pb < 0 || pl < 0 || pr < 0) {
      const [b, h, w, c] = x.shape;
      x = tf.slice(x, [0, Math.max(-pt, 0), Math.max(-pl, 0), 0], [b, h - Math.max(-pt, 0) - Math.max(-pb, 0), w - Math.max(-pl, 0) - Math.max(-pr, 0), c]);
    }
    const k = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
    return tf.conv2d(x as tf.Tensor4D, k, 1, "valid");
  });
}

export const conv2dBackpropInputConfig: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropInput',
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as unknown as { dy: tf.Tensor4D; filter: tf.Tensor4D };
    const [dyt, ft] = [tensorOf(dy, backend), tensorOf(filter, backend)];
    const result = conv2dInputGradient(dyt, ft, attrs as unknown as Attrs);
    tf.dispose([dyt, ft]);
    return adoptResult(result, backend);
  },
};
