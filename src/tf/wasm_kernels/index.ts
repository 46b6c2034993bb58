// Gradient kernels the wasm backend lacks and that training our conv nets needs.
import * as tf from '@tensorflow/tfjs';
import { conv2dBackpropFilterConfig } from './conv2d_backprop_filter.ts';

const KERNELS: tf.KernelConfig[] = [conv2dBackpropFilterConfig];

export function registerWasmTrainingKernels(): string[] {
  const added: string[] = [];
  for (const k of KERNELS) {
    if (tf.getKernel(k.kernelName, 'wasm')) continue; // a future wasm release may ship its own
    tf.registerKernel(k);
    added.push(k.kernelName);
  }
  return added;
}
