// The webgpu backend on Dawn: the `webgpu` package ships Dawn prebuilt for node, and
// @tensorflow/tfjs-backend-webgpu runs on whatever it finds through the GPU's Vulkan driver (Metal,
// D3D12 elsewhere). A GPU path that needs npm and a driver, no CUDA toolkit.
import * as tf from '@tensorflow/tfjs';

export interface WebgpuAdapter {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** lavapipe, SwiftShader and their like: a real WebGPU device, computed by the CPU, slower than our CPU backends. */
  software: boolean;
}

/** Thrown where a software adapter is all there is and the choice was 'auto'. */
export class SoftwareAdapterError extends Error {}

let adapterSeen: WebgpuAdapter | undefined;
// One Dawn instance for the whole process. A second one, made when the backend is started again,
// leaves the first to the garbage collector while devices it made are still in use, and its event
// processing then locks a freed mutex (seen as aborts in pthread_mutex_lock under
// InstanceBase::ProcessEvents, or std::system_error EINVAL, at random moments).
let dawnInstance: GPU | undefined;
let lostReason: string | undefined;
let releasing = false;

/** One line for logs: vendor, architecture, driver. */
export function adapterLine(a: WebgpuAdapter): string {
  const parts = [a.vendor || 'unknown vendor', a.architecture || 'unknown architecture', a.description || a.device || 'no driver description'];
  return `${parts.join(', ')}${a.software ? ' (software)' : ''}`;
}

export function isSoftware(info: { vendor: string; architecture: string; device: string; description: string; isFallbackAdapter?: boolean }): boolean {
  if (info.isFallbackAdapter) return true;
  return info.architecture === 'software' || /llvmpipe|lavapipe|swiftshader/i.test(`${info.device} ${info.description}`);
}

/** The adapter Dawn offers, without starting the backend (gpu:check, and the first step of loading it). */
export async function probeWebgpu(): Promise<{ gpu: GPU; adapter: GPUAdapter; info: WebgpuAdapter }> {
  let mod: { create: (flags: string[]) => GPU; globals: object };
  try {
    mod = await import('webgpu');
  } catch (e) {
    throw new Error(`the webgpu package could not be loaded (${(e as Error).message.split('\n')[0]}); npm install webgpu`);
  }
  // tfjs-backend-webgpu names GPUBufferUsage, GPUMapMode and the classes as browser globals.
  for (const [k, v] of Object.entries(mod.globals)) if (!(k in globalThis)) (globalThis as Record<string, unknown>)[k] = v;
  const gpu = (dawnInstance ??= mod.create([]));
  // The same request tfjs-backend-webgpu makes (its low-power flag off), so the adapter reported is the one it will use.
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter)
    throw new Error('no WebGPU adapter: no Vulkan driver that Dawn accepts was found (install the GPU\'s Vulkan driver; for software Vulkan, Mesa 23 or newer: mesa-vulkan-drivers)');
  const i = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const info = { vendor: i.vendor, architecture: i.architecture, device: i.device, description: i.description, software: false };
  info.software = isSoftware({ ...info, isFallbackAdapter: i.isFallbackAdapter });
  return { gpu, adapter, info };
}

function installNavigatorGpu(gpu: GPU): void {
  const g = globalThis as { navigator?: object };
  // Node 20 has no navigator; 21+ has one, which takes an extra property.
  if (!g.navigator) Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true });
  Object.defineProperty(g.navigator!, 'gpu', { value: gpu, configurable: true });
}

/**
 * Start tfjs's webgpu backend. A software adapter is refused unless forced: it is a real device
 * (the tests run on it) but slower than every CPU backend here.
 */
export async function loadWebgpu(forced: boolean): Promise<{ adapter: WebgpuAdapter }> {
  const { gpu, info } = await probeWebgpu();
  adapterSeen = info;
  if (info.software && !forced)
    throw new SoftwareAdapterError(`software adapter skipped (${adapterLine(info)}; --backend webgpu forces it)`);
  installNavigatorGpu(gpu);
  // The package registers its backend on import, where navigator.gpu exists then.
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!tf.findBackendFactory('webgpu')) throw new Error('@tensorflow/tfjs-backend-webgpu did not register its backend');
  if (!(await tf.setBackend('webgpu'))) throw new Error('the webgpu backend did not initialise (its device request failed)');
  const device = (tf.backend() as unknown as { device: GPUDevice }).device;
  chunkAddN(device.limits.maxStorageBuffersPerShaderStage - 1);
  // Nothing here destroys the device, so any loss (reason 'destroyed' included) is news to the run.
  void device.lost.then((l) => {
    if (!releasing) lostReason = l.message || String(l.reason);
  });
  return { adapter: info };
}

/**
 * tfjs-backend-webgpu's AddN binds every input as a storage buffer, and a device has 8 of those
 * per shader by default: the sum of a network's squared gradients (a global norm) has more terms.
 * Concat splits its inputs to fit; AddN is made to do the same.
 */
function chunkAddN(maxInputs: number): void {
  const original = tf.getKernel('AddN', 'webgpu');
  if (!original || (original as { chunked?: boolean }).chunked) return;
  tf.unregisterKernel('AddN', 'webgpu');
  const kernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
    let terms = Object.values(inputs) as tf.TensorInfo[];
    const partials: tf.TensorInfo[] = [];
    while (terms.length > maxInputs) {
      const sums: tf.TensorInfo[] = [];
      for (let i = 0; i < terms.length; i += maxInputs) {
        const part = terms.slice(i, i + maxInputs);
        const sum = part.length === 1 ? part[0] : (original.kernelFunc({ inputs: part as unknown as tf.NamedTensorInfoMap, backend, attrs }) as tf.TensorInfo);
        if (part.length > 1) partials.push(sum);
        sums.push(sum);
      }
      terms = sums;
    }
    const out = original.kernelFunc({ inputs: terms as unknown as tf.NamedTensorInfoMap, backend, attrs }) as tf.TensorInfo;
    for (const p of partials) if (p.dataId !== out.dataId) (backend as tf.KernelBackend).disposeData(p.dataId);
    return out;
  };
  tf.registerKernel({ kernelName: 'AddN', backendName: 'webgpu', kernelFunc, ...{ chunked: true } } as tf.KernelConfig);
}

/**
 * Destroy the backend's device, after its queued work, before the process exits: otherwise the device
 * and the driver's threads are torn down by exit-time destructors, in whatever order they run. A later
 * selectBackend('webgpu') starts a new one.
 */
export async function releaseWebgpu(): Promise<void> {
  // The engine's registry, not tf.findBackend: that would start a backend that was never started.
  const backend = tf.engine().registry.webgpu as unknown as { device?: GPUDevice } | undefined;
  if (!backend?.device) return;
  const device = backend.device;
  releasing = true;
  try {
    // removeBackend forgets the factory too: registered again, the next setBackend('webgpu') makes a new device.
    const factory = tf.engine().registryFactory.webgpu;
    tf.removeBackend('webgpu');
    tf.registerBackend('webgpu', factory.factory, factory.priority);
    await device.queue.onSubmittedWorkDone();
    device.destroy();
    await device.lost;
  } finally {
    releasing = false;
  }
}

/** The adapter the last load saw, for the run's log and gpu:check. */
export function webgpuAdapter(): WebgpuAdapter | undefined {
  return adapterSeen;
}

/** Why the GPU device was lost, once it has been (a driver reset, a removed GPU, a timeout). */
export function webgpuLost(): string | undefined {
  return lostReason;
}
