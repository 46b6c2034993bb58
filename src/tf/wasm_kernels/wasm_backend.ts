// The few members of the wasm backend our kernels use. Tensor data lives in the
// wasm heap; typedArrayFromHeap gives a view without copying. A view is only
// valid until the next allocation (the heap may grow and detach it), so take
// views after every makeOutput call.
import * as tf from '@tensorflow/tfjs';

export interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): tf.backend_util.TypedArray;
  disposeData(dataId: tf.TensorInfo['dataId'], force?: boolean): boolean;
}

export function asWasm(backend: unknown): WasmBackend {
  const b = backend as Partial<WasmBackend>;
  if (typeof b.makeOutput !== 'function' || typeof b.typedArrayFromHeap !== 'function') {
    throw new Error('this kernel runs on the wasm backend only');
  }
  return b as WasmBackend;
}

/** Float32 view of a tensor in the wasm heap (no copy). */
export function f32(backend: WasmBackend, info: tf.TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/** Same data, another shape: no copy and no new reference. */
export function view(info: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

/** Runs another registered wasm kernel directly (no engine tensors, no tape). */
export function runWasmKernel(
  name: string,
  backend: WasmBackend,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
  kernelFunc?: tf.KernelFunc,
): tf.TensorInfo {
  const func = kernelFunc ?? tf.getKernel(name, 'wasm')?.kernelFunc;
  if (!func) throw new Error(`wasm kernel ${name} is not registered`);
  return func({ inputs, attrs, backend: backend as unknown as tf.KernelBackend }) as tf.TensorInfo;
}
