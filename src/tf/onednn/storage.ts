// The onednn backend keeps tensors in the cpu backend's storage (one TypedArray per tensor), so
// native kernels read inputs and write outputs in place, and every kernel it does not override is
// the cpu backend's own.
import * as tf from '@tensorflow/tfjs';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';

type DataId = object;
const bufferOf = (v: unknown) => (v as { buffer?: ArrayBufferLike } | undefined)?.buffer;

export class OneDnnBackend extends MathBackendCPU {
  // Arrays an update may overwrite in place (the fused Adam's outputs): a fresh full-size array per
  // update costs more than the update (page faults on first touch). An array leaves this set as soon
  // as anything else could see it: a caller reading it (readSync / read hand out the array itself)
  // or another tensor made on its memory (a view from the cpu backend's Slice, say).
  private readonly overwritable = new WeakSet<ArrayBufferLike>();

  constructor() {
    super();
    // The cpu backend's first write advises installing tfjs-node; this backend is the native one.
    (this as unknown as { firstUse: boolean }).firstUse = false;
  }

  /** A tensor held by this backend whose array may be written in place: no one else can see it. */
  mayOverwrite(t: tf.TensorInfo): Float32Array | undefined {
    const v = this.data.get(t.dataId)?.values;
    if (!(v instanceof Float32Array) || !this.overwritable.has(v.buffer) || this.refCount(t.dataId) !== 1) return undefined;
    return v;
  }

  /** Makes a tensor on a new array that later updates may overwrite in place. */
  makeOverwritable(shape: number[], values: Float32Array): tf.TensorInfo {
    const info = this.makeTensorInfo(shape, 'float32', values);
    this.overwritable.add(values.buffer);
    return info;
  }

  private shared(values: unknown): void {
    const buf = bufferOf(values);
    if (buf) this.overwritable.delete(buf);
  }

  override write(values: tf.backend_util.BackendValues, shape: number[], dtype: tf.DataType): DataId {
    this.shared(values);
    return super.write(values, shape, dtype);
  }

  override makeTensorInfo(shape: number[], dtype: tf.DataType, values?: tf.backend_util.BackendValues | string[]): tf.TensorInfo {
    this.shared(values);
    return super.makeTensorInfo(shape, dtype, values);
  }

  override move(dataId: DataId, values: tf.backend_util.BackendValues, shape: number[], dtype: tf.DataType, refCount: number): void {
    this.shared(values);
    super.move(dataId, values, shape, dtype, refCount);
  }

  override readSync(dataId: DataId): tf.backend_util.BackendValues {
    const v = super.readSync(dataId);
    this.shared(v);
    return v;
  }

  override async read(dataId: DataId): Promise<tf.backend_util.BackendValues> {
    return this.readSync(dataId);
  }

  /** An output array for a native kernel (every native kernel writes all of it). */
  alloc(n: number): Float32Array {
    return new Float32Array(n);
  }
}

export type KernelArgs = Parameters<tf.KernelFunc>[0];

export function asOneDnn(backend: unknown): OneDnnBackend {
  return backend as OneDnnBackend;
}

/** The float32 values of a tensor held by this backend, or undefined for any other dtype. */
export function f32(backend: OneDnnBackend, t: tf.TensorInfo): Float32Array | undefined {
  if (t.dtype !== 'float32') return undefined;
  const v = backend.data.get(t.dataId).values;
  return v instanceof Float32Array ? v : undefined;
}

export function output(backend: OneDnnBackend, shape: number[], values: Float32Array): tf.TensorInfo {
  return backend.makeTensorInfo(shape, 'float32', values);
}

/** The cpu backend's kernel, for the cases a native kernel does not take. */
export function cpuKernel(name: string): tf.KernelFunc {
  const k = tf.getKernel(name, 'cpu');
  if (!k) throw new Error(`the cpu backend has no ${name} kernel`);
  return k.kernelFunc;
}
