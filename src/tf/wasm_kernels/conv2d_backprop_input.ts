// The wasm Conv2DBackpropInput (input gradient of conv2d, and the forward pass
// of conv2dTranspose) is a direct loop about 6x slower than XNNPACK's matrix
// product. Here: cols = dy . W^T on the BatchMatMul fast path, [batch*outH*outW,
// filterH*filterW*inChannels], then one col2im pass adds each column back
// onto the input pixel it came from.
import * as tf from '@tensorflow/tfjs';
import { asWasm, f32, runWasmKernel, view } from './wasm_backend.ts';

interface Attrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
}

function conv2dBackpropInput(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const backend = asWasm(args.backend);
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const { strides, pad, dimRoundingMode, inputShape } = args.attrs as unknown as Attrs;
  const info = tf.backend_util.computeConv2DInfo(
    inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, outChannels: CO } = info;
  const { filterHeight: FH, filterWidth: FW, strideHeight: SH, strideWidth: SW } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const K = FH * FW * C;

  const colsInfo = runWasmKernel('BatchMatMul', backend, { a: view(dy, [N * OH * OW, CO]), b: view(filter, [K, CO]) },
    { transposeA: false, transposeB: true });
  const dx = backend.makeOutput([...inputShape], 'float32');
  const out = f32(backend, dx);
  const cols = f32(backend, colsInfo);
  out.fill(0);
  let p = 0;
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++, p++) {
        const colBase = p * K;
        for (let i = 0; i < FH; i++) {
          const ih = oh * SH + i - top;
          if (ih < 0 || ih >= H) continue;
          const rowBase = (n * H + ih) * W;
          for (let j = 0; j < FW; j++) {
            const iw = ow * SW + j - left;
            if (iw < 0 || iw >= W) continue;
            const d = (rowBase + iw) * C;
            const s = colBase + (i * FW + j) * C;
            for (let c = 0; c < C; c++) out[d + c] += cols[s + c];
          }
        }
      }
    }
  }
  backend.disposeData(colsInfo.dataId);
  return dx;
}

const WRAPPED = Symbol('conv2dBackpropInputMatMul');

export function isBackpropInputViaMatMul(config: tf.KernelConfig): boolean {
  return (config as unknown as Record<symbol, boolean>)[WRAPPED] === true;
}

/** NHWC float32 goes through the matrix product; anything else stays on the package kernel. */
export function withBackpropInputViaMatMul(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) => {
    const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const { dataFormat } = args.attrs as unknown as Attrs;
    if (dataFormat !== 'NHWC' || dy.dtype !== 'float32' || filter.dtype !== 'float32') return original.kernelFunc(args);
    return conv2dBackpropInput(args);
  };
  const config: tf.KernelConfig = { ...original, kernelFunc };
  (config as unknown as Record<symbol, boolean>)[WRAPPED] = true;
  return config;
}
