// The kernels we add to the wasm backend give the cpu backend's gradients: the kernel alone over
// many shapes, and whole conv / transposed-conv nets (the DQN's and the GAN's layer types).
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../src/tf/backend.ts';
import { Rng } from '../src/env/rng.ts';

function random(shape: number[], seed: number): Float32Array {
  const r = new Rng(seed);
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => r.uniform(-1, 1));
}

async function on<T>(backend: 'cpu' | 'wasm', f: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const out = tf.tidy(f);
  const data = out.map((t) => t.dataSync() as Float32Array);
  tf.dispose(out);
  return data;
}

function expectClose(a: Float32Array[], b: Float32Array[]): void {
  expect(a.length).toBe(b.length);
  for (let k = 0; k < a.length; ++k) {
    expect(a[k].length).toBe(b[k].length);
    let scale = 0;
    for (const v of b[k]) scale = Math.max(scale, Math.abs(v));
    let worst = 0;
    for (let i = 0; i < a[k].length; ++i) worst = Math.max(worst, Math.abs(a[k][i] - b[k][i]));
    expect(worst).toBeLessThanOrEqual(1e-4 * Math.max(1, scale));
  }
}

describe('wasm training kernels', () => {
  it('register on the wasm backend', async () => {
    const info = await selectBackend('wasm');
    expect(info.description).toMatch(/Conv2DBackpropFilter, Conv2DBackpropInput/);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });

  const cases: { x: number[]; f: number[]; s: number; pad: 'same' | 'valid' }[] = [
    { x: [2, 84, 84, 4], f: [8, 8, 4, 32], s: 4, pad: 'valid' },  // Nature conv 1
    { x: [3, 20, 20, 32], f: [4, 4, 32, 64], s: 2, pad: 'valid' },
    { x: [1, 9, 9, 64], f: [3, 3, 64, 64], s: 1, pad: 'valid' },
    { x: [2, 64, 64, 3], f: [4, 4, 3, 16], s: 2, pad: 'same' },   // DCGAN discriminator
    { x: [2, 7, 5, 3], f: [3, 2, 3, 5], s: 1, pad: 'same' },
    { x: [4, 11, 13, 2], f: [5, 3, 2, 3], s: 3, pad: 'same' },
  ];
  for (const c of cases) {
    it(`Conv2DBackpropFilter x${JSON.stringify(c.x)} f${JSON.stringify(c.f)} stride ${c.s} ${c.pad} equals cpu`, async () => {
      await selectBackend('wasm');
      const run = () => {
        const x = tf.tensor4d(random(c.x, 1), c.x as never);
        const probe = tf.conv2d(x, tf.zeros(c.f as never) as tf.Tensor4D, c.s, c.pad);
        const dy = tf.tensor4d(random(probe.shape, 2), probe.shape);
        return [tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: c.s, pad: c.pad, dataFormat: 'NHWC', filterShape: c.f }) as tf.Tensor];
      };
      expectClose(await on('wasm', run), await on('cpu', run));
    });
  }

  for (const c of cases) {
    it(`Conv2DBackpropInput x${JSON.stringify(c.x)} f${JSON.stringify(c.f)} stride ${c.s} ${c.pad} equals cpu`, async () => {
      await selectBackend('wasm');
      const run = () => {
        const f = tf.tensor4d(random(c.f, 3), c.f as never);
        const probe = tf.conv2d(tf.zeros(c.x as never) as tf.Tensor4D, f, c.s, c.pad);
        const dy = tf.tensor4d(random(probe.shape, 4), probe.shape);
        return [tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: f }, { strides: c.s, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x }) as tf.Tensor];
      };
      expectClose(await on('wasm', run), await on('cpu', run));
    });
  }

  it('whole-net gradients of a conv net and a transposed-conv net with batch norm equal cpu', async () => {
    await selectBackend('wasm');
    const grads = () => {
      const x = tf.tensor4d(random([2, 16, 16, 3], 3), [2, 16, 16, 3]);
      const w1 = tf.variable(tf.tensor4d(random([4, 4, 3, 8], 4), [4, 4, 3, 8]).mul(0.2) as tf.Tensor4D);
      const w2 = tf.variable(tf.tensor4d(random([3, 3, 8, 4], 5), [3, 3, 8, 4]).mul(0.2) as tf.Tensor4D);
      const wt = tf.variable(tf.tensor4d(random([4, 4, 5, 4], 6), [4, 4, 5, 4]).mul(0.2) as tf.Tensor4D);
      const { grads } = tf.variableGrads(() => {
        let h = tf.leakyRelu(tf.conv2d(x, w1, 2, 'same'), 0.2);
        const m = tf.moments(h, [0, 1, 2]);
        h = tf.batchNorm(h, m.mean, m.variance, tf.fill([8], 0.1), tf.fill([8], 1.5), 1e-5) as tf.Tensor4D;
        h = tf.relu(tf.conv2d(h, w2, 1, 'valid'));
        const up = tf.tanh(tf.conv2dTranspose(h, wt, [2, 12, 12, 5], 2, 'same'));
        return tf.mean(tf.square(tf.sigmoid(up))) as tf.Scalar;
      }, [w1, w2, wt]);
      const out = [grads[w1.name], grads[w2.name], grads[wt.name]];
      tf.dispose([w1, w2, wt]);
      return out;
    };
    expectClose(await on('wasm', grads), await on('cpu', grads));
  });
});
