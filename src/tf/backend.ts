// The TensorFlow.js backend, chosen in one place: tfjs-node-gpu (CUDA) when it loads, else webgpu
// (Dawn over Vulkan, where the adapter is a real GPU; a software one is skipped), else onednn
// (this project's native CPU backend on oneDNN, where libdnnl and OpenBLAS are installed), else
// tfjs-node (libtensorflow on the CPU), else wasm (SIMD, with our training kernels added), else
// the plain JS cpu backend. tfjs-node and -gpu are optional dependencies: their install fetches
// a native library, so they are absent where that download is not possible.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { registerWasmTrainingKernels } from './wasm_kernels/index.ts';
import { registerOnednnBackend } from './onednn/index.ts';
import { onednnAddon } from './onednn/addon.ts';
import { adapterLine, loadWebgpu, releaseWebgpu, SoftwareAdapterError } from './webgpu.ts';

export const BACKENDS = ['auto', 'tensorflow-gpu', 'webgpu', 'onednn', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];

export interface BackendInfo {
  name: Exclude<BackendChoice, 'auto'>;
  tfName: string;        // tf.getBackend()
  description: string;   // one line for logs
}

const require = createRequire(import.meta.url);
let chosen: BackendInfo | undefined;

const INSTALL_HINT: Record<string, string> = {
  'tensorflow-gpu': 'npm install @tensorflow/tfjs-node-gpu (needs CUDA and internet access to its binary host)',
  tensorflow: 'npm install @tensorflow/tfjs-node (needs internet access to its binary host)',
};

async function tryNode(pkg: string): Promise<string | undefined> {
  try {
    await import(pkg);
    return undefined;
  } catch (e) {
    return (e as Error).message.split('\n')[0];
  }
}

async function loadTensorflow(gpu: boolean): Promise<BackendInfo> {
  const pkg = gpu ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
  const err = await tryNode(pkg);
  if (err !== undefined) throw new Error(`${pkg} could not be loaded (${err}). Install it with ${INSTALL_HINT[gpu ? 'tensorflow-gpu' : 'tensorflow']}, or choose --backend wasm`);
  if (!(await tf.setBackend('tensorflow'))) throw new Error(`${pkg} loaded but its backend did not initialise`);
  const name = gpu ? 'tensorflow-gpu' : 'tensorflow';
  return { name, tfName: 'tensorflow', description: `backend: ${name} (${gpu ? 'CUDA GPU' : `native CPU, ${os.cpus().length} cores`})` };
}

async function loadWasm(): Promise<BackendInfo> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // The .wasm binaries ship inside the package: point the loader at them on disk, never the network.
  wasm.setWasmPaths(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep);
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not initialise');
  const added = registerWasmTrainingKernels();
  const threads = wasm.getThreadsCount?.() ?? 1;
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return { name: 'wasm', tfName: 'wasm', description: `backend: wasm (${simd ? 'SIMD' : 'no SIMD'}, ${threads} thread${threads === 1 ? '' : 's'}; training kernels: ${added.join(', ') || 'none'})` };
}

async function loadOnednn(): Promise<BackendInfo> {
  const kernels = registerOnednnBackend();
  if (!(await tf.setBackend('onednn'))) throw new Error('the onednn backend did not initialise');
  const v = onednnAddon().info();
  const blas = v.openblas.split(' ').slice(0, 2).join(' ');
  return {
    name: 'onednn', tfName: 'onednn',
    description: `backend: onednn (oneDNN ${v.onednn}, ${blas}, ${v.isa}, ${v.threads} thread${v.threads === 1 ? '' : 's'}; native kernels: ${kernels.join(', ')})`,
  };
}

/**
 * Whether a Linux machine has a GPU device node (a DRM render node, or NVIDIA's own). Without one
 * every Vulkan adapter is a software one, and starting Dawn only to skip it costs time and prints
 * Dawn's warnings on every run; elsewhere Dawn's own backends decide.
 */
export function mayHaveGpu(): boolean {
  if (process.platform !== 'linux') return true;
  const has = (dir: string, re: RegExp) => { try { return fs.readdirSync(dir).some((f) => re.test(f)); } catch { return false; } };
  return has('/dev/dri', /^renderD\d+$/) || has('/dev', /^nvidia\d+$/);
}

async function loadWebgpuBackend(forced: boolean): Promise<BackendInfo> {
  if (!forced && !mayHaveGpu()) throw new SoftwareAdapterError('no GPU device on this machine (no /dev/dri render node, no /dev/nvidia*); --backend webgpu uses a software Vulkan if one is installed');
  const { adapter } = await loadWebgpu(forced);
  return { name: 'webgpu', tfName: 'webgpu', description: `backend: webgpu (Dawn; adapter: ${adapterLine(adapter)})` };
}

async function loadCpu(): Promise<BackendInfo> {
  if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend did not initialise');
  return { name: 'cpu', tfName: 'cpu', description: 'backend: cpu (plain JavaScript, slow for conv nets)' };
}

/** Before the process exits: a webgpu device is destroyed (releaseWebgpu); the CPU backends hold nothing that needs it. */
export async function releaseBackend(): Promise<void> {
  if (chosen?.name === 'webgpu') chosen = undefined;
  await releaseWebgpu();
}

/**
 * Select and initialise a backend; 'auto' takes the fastest that loads. Prints nothing.
 * `syncReads`: the caller reads tensors synchronously (a policy called once per frame), which
 * webgpu cannot do; auto passes over it, naming it is refused.
 */
export async function selectBackend(choice: string = 'auto', o: { syncReads?: boolean } = {}): Promise<BackendInfo> {
  if (!(BACKENDS as readonly string[]).includes(choice))
    throw new Error(`unknown backend '${choice}': choose one of ${BACKENDS.join(', ')}`);
  if (o.syncReads && choice === 'webgpu')
    throw new Error('this command reads the network synchronously on every frame, which webgpu cannot do: choose --backend onednn, wasm or cpu (a single frame is faster on the CPU anyway)');
  if (chosen && (choice === 'auto' || choice === chosen.name) && !(o.syncReads && chosen.name === 'webgpu')) return chosen;
  // The GPUs first, then by measured speed on a 2-core AVX-512 machine (README, Backends); tfjs-node
  // could not be measured there, and comes after onednn.
  const order: Exclude<BackendChoice, 'auto'>[] = choice === 'auto' ? (['tensorflow-gpu', 'webgpu', 'onednn', 'tensorflow', 'wasm', 'cpu'] as const).filter((b) => !(o.syncReads && b === 'webgpu')) : [choice as Exclude<BackendChoice, 'auto'>];
  const failures: string[] = [];
  let onednnFailure = '';
  let softwareSkipped = '';
  for (const name of order) {
    try {
      const info = name === 'tensorflow-gpu' ? await loadTensorflow(true)
        : name === 'webgpu' ? await loadWebgpuBackend(choice === 'webgpu')
        : name === 'tensorflow' ? await loadTensorflow(false)
        : name === 'onednn' ? await loadOnednn()
        : name === 'wasm' ? await loadWasm() : await loadCpu();
      await tf.ready();
      // Falling back past the native CPU backend costs a factor of several: say what would add it.
      if (choice === 'auto' && (name === 'wasm' || name === 'cpu') && onednnFailure)
        info.description += `; onednn is not available (${onednnFailure})`;
      if (softwareSkipped) info.description += `; webgpu: ${softwareSkipped}`;
      chosen = info;
      return info;
    } catch (e) {
      if (choice !== 'auto') throw e;
      if (name === 'onednn') onednnFailure = (e as Error).message;
      if (e instanceof SoftwareAdapterError) softwareSkipped = e.message;
      failures.push(`${name}: ${(e as Error).message}`);
    }
  }
  throw new Error(`no TensorFlow.js backend could be loaded:\n  ${failures.join('\n  ')}`);
}
