// The benchmarks' backend loading: a GPU backend named only by the default list is measured where
// it is a real GPU; a software Vulkan adapter (slower than every CPU backend) only when asked for.
import * as tf from '@tensorflow/tfjs';
import { mayHaveGpu, selectBackend, type BackendInfo } from '../../src/tf/backend.ts';
import { adapterLine, probeWebgpu } from '../../src/tf/webgpu.ts';

export async function benchBackend(name: string, asked: boolean): Promise<BackendInfo> {
  if (name === 'webgpu' && !asked) {
    if (!mayHaveGpu()) throw new Error('no GPU device on this machine (--backends webgpu measures a software Vulkan adapter anyway)');
    const { info } = await probeWebgpu();
    if (info.software) throw new Error(`software adapter (${adapterLine(info)}); --backends webgpu measures it anyway`);
  }
  return selectBackend(name);
}

/** Wait for the backend to finish what was queued (a GPU runs asynchronously; the CPU backends are done already). */
export async function settle(t: tf.Tensor | tf.Tensor[]): Promise<void> {
  const ts = Array.isArray(t) ? t : [t];
  await Promise.all(ts.map((x) => x.data()));
}
