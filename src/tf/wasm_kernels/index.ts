// Kernels for the wasm backend that training our conv nets needs: one it lacks
// (Conv2DBackpropFilter) and one whose stock version is a slow plain loop (Conv2DBackpropInput).
import * as tf from '@tensorflow/tfjs';
import { conv2dBackpropFilterConfig } from './conv2d_backprop_filter.ts';
import { conv2dBackpropInputConfig } from './conv2d_backprop_input.ts';

const ADDED: tf.KernelConfig[] = [conv2dBackpropFilterConfig];
const REPLACED: tf.KernelConfig[] = [conv2dBackpropInputConfig];

export function registerWasmTrainingKernels(): string[] {
  const done: string[] = [];
  for (const k of ADDED) {
    if (tf.getKernel(k.kernelName, 'wasm')) continue; // a future wasm release may ship its own
    tf.registerKernel(k);
    done.push(k.kernelName);
  }
  for (const k of REPLACED) {
    if (tf.getKernel(k.kernelName, 'wasm')?.kernelFunc === k.kernelFunc) continue;
    if (tf.getKernel(k.kernelName, 'wasm')) tf.unregisterKernel(k.kernelName, 'wasm');
    tf.registerKernel(k);
    done.push(k.kernelName);
  }
  return done;
}
