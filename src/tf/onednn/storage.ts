// The onednn backend keeps tensors in the cpu backend's storage (one TypedArray per tensor), so
// native kernels read inputs and write outputs in place, and every kernel it does not override is
// the cpu backend's own. Its additions: a pool of the native kernels' output arrays, and the
// in-place updates of the fused Adam.
import * as tf from '@tensorflow/tfjs';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';

type DataId = object;
const bufferOf = (v: unknown) => (v as { buffer?: ArrayBufferLike } | undefined)?.buffer;
// A DCGAN iteration keeps up to 37 arrays of one length alive at once (activations kept for the
// backward pass) and 714 MB in all at batch 64; a pool smaller than that working set let the rest
// be allocated afresh every iteration (8 per length and 256 MB: 1311 ms per iteration, this: 925 ms).
const POOL_LIMIT_BYTES = 1024 * 2 ** 20;
const POOL_PER_LENGTH = 64;

export class OneDnnBackend extends MathBackendCPU {
  // Output arrays of the native kernels are recycled: a new array's pages fault on first touch and
  // its buffer becomes garbage, which together cost more than many kernels' arithmetic. `owners`
  // counts the tensors made on each buffer alloc() handed out (subarray views from the cpu kernels
  // included, since every tensor's values pass through write or move); -1 once a caller received
  // the array itself (readSync / read), after which it is never reused.
  private readonly owners = new WeakMap<ArrayBufferLike, number>();
  private readonly pool = new Map<number, Float32Array[]>();
  private pooledBytes = 0;
  // Arrays an update may overwrite in place (the fused Adam's outputs), as long as nothing else can
  // see them: they leave this set when a caller reads them or another tensor is made on them.
  private readonly overwritable = new WeakSet<ArrayBufferLike>();

  constructor() {
    super();
    // The cpu backend's first write advises installing tfjs-node; this backend is the native one.
    (this as unknown as { firstUse: boolean }).firstUse = false;
  }

  /** An output array for a native kernel, recycled where one of that length is free. Its contents
   * are undefined: every native kernel writes all of its output. */
  alloc(n: number): Float32Array {
    const reused = this.pool.get(n)?.pop();
    const a = reused ?? new Float32Array(n);
    if (reused) this.pooledBytes -= a.byteLength;
    this.owners.set(a.buffer, 0);
    return a;
  }

  /** A float32 tensor of `values` (raw pixels, say) in a recycled array. Converting into a fresh
   * Float32Array costs that array's page faults: 1.4 ms for a batch of 32 Atari frame stacks, against
   * 0.07 ms into one the pool hands back. */
  floatTensor(values: Uint8Array | Int32Array, shape: number[]): tf.Tensor {
    const a = this.alloc(values.length);
    a.set(values);
    return tf.engine().makeTensorFromTensorInfo(this.makeTensorInfo(shape, 'float32', a));
  }

  /** A tensor held by this backend whose array may be written in place: no one else can see it. */
  mayOverwrite(t: tf.TensorInfo): Float32Array | undefined {
    const v = this.data.get(t.dataId)?.values;
    if (!(v instanceof Float32Array) || !this.overwritable.has(v.buffer) || this.refCount(t.dataId) !== 1) return undefined;
    return v;
  }

  /** Makes a tensor on an array from alloc() that later updates may overwrite in place. */
  makeOverwritable(shape: number[], values: Float32Array): tf.TensorInfo {
    const info = this.makeTensorInfo(shape, 'float32', values);
    this.overwritable.add(values.buffer);
    return info;
  }

  private seen(values: unknown): void {
    const buf = bufferOf(values);
    if (!buf) return;
    this.overwritable.delete(buf);
    const c = this.owners.get(buf);
    if (c !== undefined && c >= 0) this.owners.set(buf, c + 1);
  }

  // makeTensorInfo goes through write.
  override write(values: tf.backend_util.BackendValues, shape: number[], dtype: tf.DataType): DataId {
    this.seen(values);
    return super.write(values, shape, dtype);
  }

  override move(dataId: DataId, values: tf.backend_util.BackendValues, shape: number[], dtype: tf.DataType, refCount: number): void {
    this.seen(values);
    super.move(dataId, values, shape, dtype, refCount);
  }

  override readSync(dataId: DataId): tf.backend_util.BackendValues {
    const v = super.readSync(dataId);
    const buf = bufferOf(v);
    if (buf) {
      this.overwritable.delete(buf);
      if (this.owners.has(buf)) this.owners.set(buf, -1);
    }
    return v;
  }

  override async read(dataId: DataId): Promise<tf.backend_util.BackendValues> {
    return this.readSync(dataId);
  }

  override disposeData(dataId: DataId, force = false): boolean {
    const values = this.data.has(dataId) ? this.data.get(dataId).values : undefined;
    const freed = super.disposeData(dataId, force);
    if (freed && values !== undefined && !this.data.has(dataId)) this.release(values);
    return freed;
  }

  private release(values: tf.backend_util.BackendValues): void {
    const buf = bufferOf(values);
    const c = buf && this.owners.get(buf);
    if (!buf || c === undefined || c < 1) return;
    if (c > 1) return void this.owners.set(buf, c - 1);
    this.owners.delete(buf);
    const whole = new Float32Array(buf);
    const list = this.pool.get(whole.length) ?? [];
    if (list.length >= POOL_PER_LENGTH || this.pooledBytes + whole.byteLength > POOL_LIMIT_BYTES) return;
    list.push(whole);
    this.pool.set(whole.length, list);
    this.pooledBytes += whole.byteLength;
  }

  override dispose(): void {
    this.pool.clear();
    this.pooledBytes = 0;
    super.dispose();
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
