// Kernels written with tf ops: their TensorInfo inputs become tensors that share the data
// (one more reference, dropped when disposed), and the computed tensor becomes the output.
import * as tf from '@tensorflow/tfjs';

interface RefCounting {
  incRef(dataId: object): void;
}

export function tensorOf<T extends tf.Tensor>(info: T, backend: unknown): T {
  (backend as RefCounting).incRef(info.dataId);
  return tf.engine().makeTensorFromTensorInfo(info as unknown as tf.TensorInfo) as T;
}

export function adoptResult(t: tf.Tensor, backend: unknown): tf.TensorInfo {
  (backend as RefCounting).incRef(t.dataId);
  const out = { dataId: t.dataId, shape: t.shape, dtype: t.dtype };
  t.dispose();
  return out;
}
