// The loops' read pattern on webgpu: 100 DQN steps (acting, training, target copies, a read of the
// losses every 10 steps) leave no tensor and no GPU buffer behind; a lost device is one line that
// says the checkpoint is intact and how to continue; starting the backend again and again keeps the
// process alive.
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { hasVulkan } from './helpers/vulkan.ts';
import { repoRoot } from '../src/native.ts';
import { releaseBackend, selectBackend } from '../src/tf/backend.ts';
import { readFloats } from '../src/tf/read.ts';
import { Rng } from '../src/env/rng.ts';
import { buildQNetwork, greedyActions, trainStepTensors, updateTarget } from '../src/agents/dqn.ts';

interface GpuBuffers { bufferManager: { getNumUsedBuffers(): number; numBytesUsed: number } }

describe.runIf(hasVulkan)('webgpu loops', () => {
  afterAll(releaseBackend);

  it('releasing the backend destroys its device, and webgpu starts again after it', async () => {
    await selectBackend('webgpu');
    const device = (tf.backend() as unknown as { device: GPUDevice }).device;
    const lost = device.lost.then((l) => l.reason);
    await releaseBackend();
    expect(await lost).toBe('destroyed');
    expect(tf.engine().registry.webgpu).toBeUndefined();
    await selectBackend('webgpu');
    expect(tf.getBackend()).toBe('webgpu');
    expect((tf.backend() as unknown as { device: GPUDevice }).device).not.toBe(device);
    const product = tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5], [6]]));
    expect(Array.from(await product.data())).toEqual([17, 39]);
    product.dispose();
  });

  it('switching to cpu and back to webgpu, with garbage collected between, keeps one Dawn instance alive', () => {
    // A new instance per start left the old one to the collector while its device was in use: a
    // segmentation fault or a hang within two rounds.
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'tests/helpers/webgpu_switch.ts'], { cwd: repoRoot, encoding: 'utf8', timeout: 90_000 });
    const rounds = r.stdout.split('\n').filter((l) => l.startsWith('round '));
    expect({ status: r.status, signal: r.signal, rounds: rounds.length }, r.stderr.slice(-2000)).toEqual({ status: 0, signal: null, rounds: 6 });
    // Each of the 20 products' first element: 64 * 0.25.
    for (const l of rounds) expect(Number(l.split(': ')[1])).toBe(20 * 16);
  });

  it('100 DQN steps leak no tensors and no GPU buffers', async () => {
    await selectBackend('webgpu');
    const size = 36, n = 4, frame = 4 * size * size; // the Nature CNN's layers on a 36x36 screen: 8x8, 3x3, 1x1 maps
    const online = buildQNetwork(3, { network: 'nature', dueling: false, seed: 1 }, 4, size);
    const target = buildQNetwork(3, { network: 'nature', dueling: false, seed: 2 }, 4, size);
    const opt = tf.train.adam(1e-4);
    const rng = new Rng(1);
    const bytes = (k: number) => Uint8Array.from({ length: k }, () => rng.integers(0, 256));
    const batch = {
      obs: bytes(n * frame), nextObs: bytes(n * frame), actions: Int32Array.from({ length: n }, () => rng.integers(0, 3)),
      rewards: new Float32Array(n).fill(1), dones: new Float32Array(n), discounts: new Float32Array(n).fill(0.99), weights: new Float32Array(n).fill(1), size: n,
    };
    const gpu = tf.backend() as unknown as GpuBuffers;
    const step = async (i: number) => {
      const actions = await greedyActions(online, batch.obs, n);
      expect(actions.every((a) => a >= 0 && a < 3)).toBe(true);
      const t = trainStepTensors(online, target, opt, batch, { double: true, loss: 'huber', maxGradNorm: 10 }, 3);
      if (i % 10 === 0) expect(Number.isFinite((await readFloats([t.value]))[0][0])).toBe(true);
      tf.dispose([t.value, t.qMean, t.td]);
      if (i % 20 === 0) updateTarget(online, target, 1);
    };
    for (let i = 0; i < 10; ++i) await step(i); // the optimizer's slots and the buffer pool fill up first
    await readFloats([online.getWeights()[0]]);
    const tensors = tf.memory().numTensors, buffers = gpu.bufferManager.getNumUsedBuffers(), bytesUsed = gpu.bufferManager.numBytesUsed;
    for (let i = 10; i < 100; ++i) await step(i);
    await readFloats([online.getWeights()[0]]);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(gpu.bufferManager.getNumUsedBuffers()).toBe(buffers);
    expect(gpu.bufferManager.numBytesUsed).toBe(bytesUsed);
    online.dispose();
    target.dispose();
  });

  it('a lost device is one line: the checkpoint is intact, --resume on a CPU backend continues', async () => {
    await selectBackend('webgpu');
    const x = tf.matMul(tf.ones([64, 64]), tf.ones([64, 64]));
    expect((await readFloats([x]))[0][0]).toBe(64);
    (tf.backend() as unknown as { device: GPUDevice }).device.destroy();
    await new Promise((r) => setTimeout(r, 50)); // the lost promise settles
    const y = tf.add(x, 1);
    await expect(readFloats([y])).rejects.toThrow(/^the GPU device was lost \(.+\): the run's last checkpoint is intact; --resume it with --backend onednn \(or wasm, cpu\) to continue on the CPU$/);
  });
});
