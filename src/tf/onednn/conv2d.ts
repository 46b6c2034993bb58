// Conv2D, FusedConv2D and both convolution gradients (Conv2DBackpropInput is also the forward pass
// of conv2dTranspose) on oneDNN. NHWC only, as tfjs layers use it; anything else, and any shape or
// attribute oneDNN reports it cannot do, runs the cpu backend's kernel.
import * as tf from '@tensorflow/tfjs';
import { onednnAddon } from './addon.ts';
import { activationCode } from './activation.ts';
import { asOneDnn, cpuKernel, f32, output, type KernelArgs } from './storage.ts';

type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
interface ConvAttrs {
  strides: [number, number] | number;
  pad: Pad;
  dataFormat?: 'NHWC' | 'NCHW';
  dilations?: [number, number] | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  activation?: string;
  leakyreluAlpha?: number;
  inputShape?: [number, number, number, number];
  filterShape?: [number, number, number, number];
}

/** The 17 numbers native/tf/onednn_conv.cc's Geometry reads. */
function geometry(info: tf.backend_util.Conv2DInfo): number[] {
  const p = info.padInfo;
  return [info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.filterHeight, info.filterWidth,
    info.outChannels, info.outHeight, info.outWidth, info.strideHeight, info.strideWidth,
    info.dilationHeight, info.dilationWidth, p.top, p.left, p.bottom, p.right];
}

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

function convInfo(xShape: number[], filterShape: number[], a: ConvAttrs, dilations: ConvAttrs['dilations'] = 1) {
  return tf.backend_util.computeConv2DInfo(xShape as [number, number, number, number],
    filterShape as [number, number, number, number], a.strides, dilations, a.pad, a.dimRoundingMode, false, 'channelsLast');
}

function forward(name: string) {
  const fallback = cpuKernel(name);
  return (args: KernelArgs): tf.TensorInfo => {
    const backend = asOneDnn(args.backend);
    const { x, filter, bias, preluActivationWeights } = args.inputs as Record<string, tf.TensorInfo | undefined>;
    const a = args.attrs as unknown as ConvAttrs;
    const act = activationCode(a.activation);
    const xv = f32(backend, x!);
    const wv = f32(backend, filter!);
    const bv = bias ? f32(backend, bias) : null;
    if ((a.dataFormat ?? 'NHWC') !== 'NHWC' || act === undefined || preluActivationWeights || !xv || !wv ||
      bv === undefined || x!.shape.length !== 4 || (bias && size(bias.shape) !== filter!.shape[3]))
      return fallback(args) as tf.TensorInfo;
    const info = convInfo(x!.shape, filter!.shape, a, a.dilations);
    const out = backend.alloc(size(info.outShape));
    if (!onednnAddon().conv2d(geometry(info), bv !== null, act, a.leakyreluAlpha ?? 0.2, xv, wv, bv, out))
      return fallback(args) as tf.TensorInfo;
    return output(backend, info.outShape, out);
  };
}

function backpropInput(args: KernelArgs): tf.TensorInfo {
  const backend = asOneDnn(args.backend);
  const { dy, filter } = args.inputs as Record<string, tf.TensorInfo>;
  const a = args.attrs as unknown as ConvAttrs;
  const dyv = f32(backend, dy);
  const wv = f32(backend, filter);
  if ((a.dataFormat ?? 'NHWC') !== 'NHWC' || !dyv || !wv) return backpropInputFallback(args) as tf.TensorInfo;
  const info = convInfo(a.inputShape!, filter.shape, a);
  const dx = backend.alloc(size(info.inShape));
  if (!onednnAddon().conv2dBackpropInput(geometry(info), dyv, wv, dx)) return backpropInputFallback(args) as tf.TensorInfo;
  return output(backend, info.inShape, dx);
}

function backpropFilter(args: KernelArgs): tf.TensorInfo {
  const backend = asOneDnn(args.backend);
  const { x, dy } = args.inputs as Record<string, tf.TensorInfo>;
  const a = args.attrs as unknown as ConvAttrs;
  const xv = f32(backend, x);
  const dyv = f32(backend, dy);
  if ((a.dataFormat ?? 'NHWC') !== 'NHWC' || !xv || !dyv) return backpropFilterFallback(args) as tf.TensorInfo;
  const info = convInfo(x.shape, a.filterShape!, a);
  const dw = backend.alloc(size(info.filterShape));
  if (!onednnAddon().conv2dBackpropFilter(geometry(info), xv, dyv, dw)) return backpropFilterFallback(args) as tf.TensorInfo;
  return output(backend, info.filterShape, dw);
}

const backpropInputFallback = cpuKernel(tf.Conv2DBackpropInput);
const backpropFilterFallback = cpuKernel(tf.Conv2DBackpropFilter);

export function convKernels(backendName: string): tf.KernelConfig[] {
  return [
    { kernelName: tf.Conv2D, backendName, kernelFunc: forward(tf.Conv2D) as tf.KernelFunc },
    { kernelName: tf.FusedConv2D, backendName, kernelFunc: forward(tf.FusedConv2D) as tf.KernelFunc },
    { kernelName: tf.Conv2DBackpropInput, backendName, kernelFunc: backpropInput as tf.KernelFunc },
    { kernelName: tf.Conv2DBackpropFilter, backendName, kernelFunc: backpropFilter as tf.KernelFunc },
  ];
}
