// The `onednn` TensorFlow.js backend: the cpu backend's storage and every one of its kernels, with
// the ones that dominate training conv nets (convolutions and their gradients, matrix products)
// replaced by oneDNN primitives working on the tensors' memory in place. Safe to call more than once.
import * as tf from '@tensorflow/tfjs';
import { onednnAddon } from './addon.ts';
import { convKernels } from './conv2d.ts';
import { matMulKernels } from './matmul.ts';
import { elementwiseKernels } from './elementwise.ts';
import { installFusedAdam } from './adam.ts';
import { OneDnnBackend } from './storage.ts';

export const ONEDNN = 'onednn';

/** Registers the backend and its kernels; throws (naming the packages to install) where the addon is missing. */
export function registerOnednnBackend(): string[] {
  onednnAddon();
  const native = [...convKernels(ONEDNN), ...matMulKernels(ONEDNN), ...elementwiseKernels(ONEDNN)];
  if (tf.findBackendFactory(ONEDNN)) return native.map((k) => k.kernelName);
  tf.registerBackend(ONEDNN, () => new OneDnnBackend(), 0);
  const overridden = new Set(native.map((k) => k.kernelName));
  for (const k of tf.getKernelsForBackend('cpu'))
    if (!overridden.has(k.kernelName)) tf.registerKernel({ ...k, backendName: ONEDNN });
  for (const k of native) tf.registerKernel(k);
  installFusedAdam(ONEDNN);
  return native.map((k) => k.kernelName);
}
