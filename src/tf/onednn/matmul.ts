// BatchMatMul and _FusedMatMul (dense layers and their gradients) on oneDNN's matmul, with the bias
// and the activation fused. Batch dimensions must match or one side must have a batch of 1
// (broadcast); other broadcasts, int32 products and prelu run the cpu backend's kernel.
import * as tf from '@tensorflow/tfjs';
import { onednnAddon } from './addon.ts';
import { activationCode } from './activation.ts';
import { asOneDnn, cpuKernel, f32, output, type KernelArgs } from './storage.ts';

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

interface MatMulAttrs { transposeA: boolean; transposeB: boolean; activation?: string; leakyreluAlpha?: number }

function matMul(name: string) {
  const fallback = cpuKernel(name);
  return (args: KernelArgs): tf.TensorInfo => {
    const backend = asOneDnn(args.backend);
    const { a, b, bias, preluActivationWeights } = args.inputs as Record<string, tf.TensorInfo | undefined>;
    const { transposeA, transposeB, activation, leakyreluAlpha } = args.attrs as unknown as MatMulAttrs;
    const act = activationCode(activation);
    const av = f32(backend, a!);
    const bv = f32(backend, b!);
    const biasv = bias ? f32(backend, bias) : null;
    const ra = a!.shape.length;
    const rb = b!.shape.length;
    if (act === undefined || preluActivationWeights || !av || !bv || biasv === undefined || ra < 2 || rb < 2)
      return fallback(args) as tf.TensorInfo;
    const m = transposeA ? a!.shape[ra - 1] : a!.shape[ra - 2];
    const k = transposeA ? a!.shape[ra - 2] : a!.shape[ra - 1];
    const n = transposeB ? b!.shape[rb - 2] : b!.shape[rb - 1];
    const batchShapeA = a!.shape.slice(0, -2);
    const batchShapeB = b!.shape.slice(0, -2);
    const ba = size(batchShapeA);
    const bb = size(batchShapeB);
    // tfjs broadcasts batch dimensions; oneDNN's matmul takes equal batches or a batch of 1 on one side.
    const outBatch = tf.backend_util.assertAndGetBroadcastShape(batchShapeA, batchShapeB);
    if (!(ba === bb || ba === 1 || bb === 1) || size(outBatch) !== Math.max(ba, bb) || (bias && size(bias.shape) !== n))
      return fallback(args) as tf.TensorInfo;
    const outShape = [...outBatch, m, n];
    const out = backend.alloc(Math.max(ba, bb) * m * n);
    if (!onednnAddon().matMul([ba, bb, m, k, n, transposeA ? 1 : 0, transposeB ? 1 : 0], biasv !== null, act,
      leakyreluAlpha ?? 0.2, av, bv, biasv, out)) return fallback(args) as tf.TensorInfo;
    return output(backend, outShape, out);
  };
}

export function matMulKernels(backendName: string): tf.KernelConfig[] {
  return [
    { kernelName: tf.BatchMatMul, backendName, kernelFunc: matMul(tf.BatchMatMul) as tf.KernelFunc },
    { kernelName: tf._FusedMatMul, backendName, kernelFunc: matMul(tf._FusedMatMul) as tf.KernelFunc },
  ];
}
