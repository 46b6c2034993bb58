// Observation batches arrive as bytes (frame stacks) and become float32 tensors every step. On the
// onednn backend the float copy goes into a recycled array instead of a fresh one.
import * as tf from '@tensorflow/tfjs';
import { OneDnnBackend } from './onednn/storage.ts';

/** A float32 tensor of `values` with `shape` on the active backend. */
export function floatTensor(values: ArrayLike<number>, shape: number[]): tf.Tensor {
  const backend = tf.backend();
  if (backend instanceof OneDnnBackend && (values instanceof Uint8Array || values instanceof Int32Array)) return backend.floatTensor(values, shape);
  return tf.tensor(values as Float32Array, shape, 'float32');
}
