// The kernels src/tf/wasm_kernels adds to the wasm backend must compute what the
// cpu backend (the reference implementation) computes, alone and inside the
// gradients of small conv / deconv nets.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';

// Recorded before backend.ts registers anything: these are what the package lacks.
const absentBefore = ['Conv2DBackpropFilter', 'UnsortedSegmentSum'].filter((k) => !tf.getKernel(k, 'wasm'));
const { selectBackend } = await import('../src/tf/backend.ts');
const { expectClose, rand, runOn, values } = await import('./helpers/kernel_compare.ts');

/** Runs f on cpu and on wasm (same inputs, rebuilt on each) and returns both results as arrays. */
async function onBoth(f: () => tf.Tensor | tf.Tensor[]): Promise<{ cpu: Float32Array[]; wasm: Float32Array[] }> {
  const r = await runOn(['cpu', 'wasm'], f);
  await tf.setBackend('wasm');
  return { cpu: r.cpu, wasm: r.wasm };
}

beforeAll(async () => {
  const info = await selectBackend('wasm');
  expect(info.name).toBe('wasm');
  // Tensors built with tf.tensor live on the active backend; start from wasm.
});

describe('wasm training kernels', () => {
  it('tfjs-backend-wasm lacks Conv2DBackpropFilter and UnsortedSegmentSum until registered', () => {
    expect(absentBefore).toEqual(['Conv2DBackpropFilter', 'UnsortedSegmentSum']);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    expect(tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeDefined();
  });

  const convCases: Array<{ x: number[]; f: number[]; s: number | [number, number]; pad: 'same' | 'valid' | tf.backend_util.ExplicitPadding }> = [
    { x: [2, 9, 7, 3], f: [3, 3, 3, 5], s: 1, pad: 'same' },
    { x: [3, 28, 28, 4], f: [8, 8, 4, 6], s: 4, pad: 'valid' },
    { x: [1, 10, 10, 5], f: [4, 4, 5, 7], s: 2, pad: 'same' },
    { x: [2, 11, 13, 2], f: [5, 3, 2, 4], s: [2, 3], pad: 'valid' },
    { x: [4, 8, 8, 16], f: [4, 4, 16, 8], s: 2, pad: 'same' },
    { x: [2, 6, 7, 3], f: [3, 2, 3, 2], s: 1, pad: [[0, 0], [1, 2], [2, 1], [0, 0]] },
    { x: [2, 84, 84, 4], f: [8, 8, 4, 32], s: 4, pad: 'valid' }, // the Nature CNN's first layer
    { x: [2, 64, 64, 3], f: [4, 4, 3, 16], s: 2, pad: 'same' },  // the DCGAN discriminator's first layer
  ];

  for (const { x, f, s, pad } of convCases) {
    it(`Conv2DBackpropFilter x=[${x}] filter=[${f}] strides=${s} pad=${JSON.stringify(pad)}`, async () => {
      const { cpu, wasm } = await onBoth(() => {
        const input = rand(x, 1) as tf.Tensor4D;
        const y = tf.conv2d(input, rand(f, 2) as tf.Tensor4D, s, pad);
        const dy = rand(y.shape, 3);
        return tf.engine().runKernel('Conv2DBackpropFilter', { x: input, dy }, {
          strides: s, pad, dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: f,
        } as unknown as tf.NamedAttrMap) as tf.Tensor;
      });
      expectClose(wasm, cpu);
    });
  }

  for (const { x, f, s, pad } of convCases) {
    it(`Conv2DBackpropInput x=[${x}] filter=[${f}] strides=${s} pad=${JSON.stringify(pad)}`, async () => {
      const { cpu, wasm } = await onBoth(() => {
        const filter = rand(f, 2) as tf.Tensor4D;
        const y = tf.conv2d(rand(x, 1) as tf.Tensor4D, filter, s, pad);
        return tf.engine().runKernel('Conv2DBackpropInput', { dy: rand(y.shape, 3), filter }, {
          strides: s, pad, dataFormat: 'NHWC', dimRoundingMode: undefined, inputShape: x,
        } as unknown as tf.NamedAttrMap) as tf.Tensor;
      });
      expectClose(wasm, cpu);
    });
  }

  it('UnsortedSegmentSum sums rows per segment and drops negative ids', async () => {
    const ids = [3, 0, 3, 1, -1, 0, 4, 3];
    const { cpu, wasm } = await onBoth(() => [
      tf.unsortedSegmentSum(rand([8, 3, 2], 4), tf.tensor1d(ids, 'int32'), 6),
      tf.unsortedSegmentSum(rand([8], 5), tf.tensor1d(ids, 'int32'), 5),
    ]);
    expectClose(wasm, cpu);
    expect(Array.from(wasm[1]).every((v, i) => (i === 2 ? v === 0 : true))).toBe(true);
  });

  for (const [shape, axis, batchDims, idxShape] of [
    [[3, 4], 1, 1, [3]],
    [[32, 6], 1, 1, [32]],
    [[5, 3, 4], 2, 1, [5, 2]],
    [[2, 5, 3, 2], 1, 1, [2, 4]],
    [[2, 3, 7, 2], 2, 2, [2, 3, 2]],
    [[6, 5], 1, 0, [4]],
  ] as Array<[number[], number, number, number[]]>) {
    it(`GatherV2 x=[${shape}] axis=${axis} batchDims=${batchDims} indices=[${idxShape}]`, async () => {
      const dim = shape[axis];
      const n = tf.util.sizeFromShape(idxShape);
      const idx = Array.from({ length: n }, (_, i) => (i * 7 + 3) % dim);
      const { cpu, wasm } = await onBoth(() => tf.gather(rand(shape, 8), tf.tensor(idx, idxShape, 'int32'), axis, batchDims));
      expect(Array.from(wasm[0])).toEqual(Array.from(cpu[0]));
    });
  }

  it('GatherV2 with batchDims rejects an index out of range', async () => {
    await tf.setBackend('wasm');
    expect(() => tf.gather(tf.zeros([2, 3]), tf.tensor1d([0, 3], 'int32'), 1, 1)).toThrow(/index value 3 is not in \[0, 2\]/);
  });

  for (const [shape, reps, dtype] of [
    [[1, 1, 1, 5], [3, 4, 2, 1], 'float32'],
    [[2, 3], [2, 3], 'float32'],
    [[4], [3], 'int32'],
    [[2, 1, 3], [1, 5, 2], 'int32'],
    [[3, 2], [1, 1], 'float32'],
    [[2, 2], [3, 2], 'bool'],
  ] as Array<[number[], number[], tf.DataType]>) {
    it(`Tile [${shape}] by [${reps}] (${dtype})`, async () => {
      const { cpu, wasm } = await onBoth(() => tf.tile(rand(shape, 9).mul(10).cast(dtype), reps));
      expect(Array.from(wasm[0])).toEqual(Array.from(cpu[0]));
      expect(wasm[0].length).toBe(tf.util.sizeFromShape(shape.map((d, i) => d * reps[i])));
    });
  }

  for (const [shape, perm, dtype] of [
    [[32, 4, 84, 84], [0, 2, 3, 1], 'float32'], // the Nature CNN's NCHW -> NHWC
    [[2, 84, 84, 4], [0, 3, 1, 2], 'float32'],
    [[3136, 512], [1, 0], 'float32'],
    [[5, 40, 3], [1, 0, 2], 'float32'],
    [[2, 20, 20, 32], [1, 2, 0, 3], 'float32'], // dy in Conv2DBackpropFilter
    [[2, 84, 84, 4], [3, 1, 2, 0], 'float32'], // not a block transpose: the package's kernel
    [[3, 17, 33], [0, 2, 1], 'int32'],
    [[4, 5], [1, 0], 'bool'],
    [[2, 3, 4, 5, 6], [0, 1, 4, 2, 3], 'float32'],
    [[2, 3, 4], [0, 1, 2], 'float32'],
  ] as Array<[number[], number[], tf.DataType]>) {
    it(`Transpose [${shape}] by [${perm}] (${dtype})`, async () => {
      const { cpu, wasm } = await onBoth(() => tf.transpose(rand(shape, 11).mul(10).cast(dtype), perm));
      expect(wasm[0].length).toBe(cpu[0].length);
      expect(Array.from(wasm[0]).every((v, i) => v === cpu[0][i])).toBe(true);
    });
  }

  it('a Slice of the whole tensor shares its data; other slices still copy the right values', async () => {
    await tf.setBackend('wasm');
    const x = rand([32, 4, 6, 6], 12);
    const whole = tf.slice(x, [0, 0, 0, 0], [32, 4, 6, 6]);
    const whole2 = tf.slice(x, 0, -1);
    expect(whole.dataId).toBe(x.dataId);
    expect(whole2.dataId).toBe(x.dataId);
    x.dispose();
    expect(Array.from(whole.dataSync())).toEqual(Array.from(values(32 * 4 * 36, 12)));
    whole.dispose();
    expect(Array.from(whole2.dataSync())).toEqual(Array.from(values(32 * 4 * 36, 12)));
    whole2.dispose();
    const { cpu, wasm } = await onBoth(() => [
      tf.slice(rand([32, 4, 6, 6], 13), [1, 0, 0, 0], [31, 4, 6, 6]),
      tf.slice(rand([5, 7], 14), [0, 2], [5, 3]),
    ]);
    expect(wasm.map((a) => Array.from(a))).toEqual(cpu.map((a) => Array.from(a)));
  });

  it('Cast to bool is x != 0 (also for fractions and negatives)', async () => {
    const { cpu, wasm } = await onBoth(() => [
      tf.tensor([0, 0.5, -2, 1e-30, -0, 3]).cast('bool'),
      tf.tensor([0, 7, -1], [3], 'int32').cast('bool'),
      tf.tensor([0, 0.5, -2]).cast('int32'),
    ]);
    expect(wasm.map((a) => Array.from(a))).toEqual([[0, 1, 1, 1, 0, 1], [0, 1, 1], [0, 0, -2]]);
    expect(wasm.map((a) => Array.from(a))).toEqual(cpu.map((a) => Array.from(a)));
  });

  const matMulCases: Array<[number[], number[], boolean, boolean]> = [
    [[37, 19], [37, 23], true, false],
    [[19, 37], [23, 37], false, true],
    [[37, 19], [23, 37], true, true],
    [[1, 64, 33], [64, 5], true, false],
    [[3, 6, 4], [3, 5, 6], true, true], // batched: the package's own path
    [[8, 40], [300, 40], false, true], // cheaper as (B.A^T)^T
    [[300, 8], [300, 40], true, false],
    [[1, 8, 40], [300, 40], false, true],
  ];
  for (const [a, b, ta, tb] of matMulCases) {
    it(`BatchMatMul [${a}] x [${b}] transposeA=${ta} transposeB=${tb}`, async () => {
      const { cpu, wasm } = await onBoth(() => tf.matMul(rand(a, 6), rand(b, 7), ta, tb));
      expectClose(wasm, cpu);
      await tf.setBackend('wasm');
      expect(tf.matMul(rand(a, 6), rand(b, 7), ta, tb).shape).toEqual(
        [...(a.length === 3 ? [a[0]] : []), ta ? a[a.length - 1] : a[a.length - 2], tb ? b[b.length - 2] : b[b.length - 1]]);
    });
  }

  const netCases = [
    { batch: 1, size: 20, pad: 'valid' as const },
    { batch: 3, size: 21, pad: 'same' as const },
  ];
  for (const { batch, size, pad } of netCases) {
    it(`full gradients of a small conv net with a gather/Huber head (batch ${batch}, ${size}x${size}, ${pad})`, async () => {
      const { cpu, wasm } = await onBoth(() => {
        const w = [rand([4, 4, 3, 8], 11), rand([3, 3, 8, 6], 12), rand([2, 2, 6, 4], 13)];
        const b = [rand([8], 14), rand([6], 15), rand([4], 16)];
        const obs = tf.tensor(values(batch * size * size * 3, 17).map((v) => Math.floor((v + 1) * 127.5)), [batch, size, size, 3], 'int32');
        const actions = tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 4), 'int32');
        const targets = rand([batch], 18);
        const loss = (...params: tf.Tensor[]) => {
          let h = obs.cast('float32').div(255) as tf.Tensor4D;
          h = tf.relu(tf.conv2d(h, params[0] as tf.Tensor4D, 2, pad).add(params[3])) as tf.Tensor4D;
          h = tf.relu(tf.conv2d(h, params[1] as tf.Tensor4D, [1, 2], pad).add(params[4])) as tf.Tensor4D;
          h = tf.conv2d(h, params[2] as tf.Tensor4D, 1, pad).add(params[5]) as tf.Tensor4D;
          const q = h.mean([1, 2]) as tf.Tensor2D;
          const dueling = q.sub(q.mean(1, true));
          const picked = tf.gather(dueling, actions, 1, 1) as tf.Tensor1D;
          return tf.losses.huberLoss(targets, picked) as tf.Scalar;
        };
        return tf.grads(loss)([...w, ...b]);
      });
      expectClose(wasm, cpu);
    });
  }

  for (const { batch, pad, stride } of [
    { batch: 2, pad: 'same' as const, stride: 2 },
    { batch: 1, pad: 'valid' as const, stride: 2 },
    { batch: 3, pad: 'same' as const, stride: 1 },
  ]) {
    it(`full gradients of a small deconv net with batch norm and BCE (batch ${batch}, ${pad}, stride ${stride})`, async () => {
      const { cpu, wasm } = await onBoth(() => {
        const z = rand([batch, 4, 4, 8], 21);
        const params = [rand([4, 4, 6, 8], 22), rand([4, 4, 3, 6], 23), rand([4, 4, 3, 4], 24), rand([6], 25), rand([6], 26)];
        const loss = (g1: tf.Tensor, g2: tf.Tensor, d1: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => {
          const out1 = (s: number) => (pad === 'same' ? 4 * s : 4 * s + 4 - s);
          let h = tf.conv2dTranspose(z as tf.Tensor4D, g1 as tf.Tensor4D, [batch, out1(stride), out1(stride), 6], stride, pad);
          const { mean, variance } = tf.moments(h, [0, 1, 2]);
          h = tf.relu(tf.batchNorm(h, mean, variance, beta, gamma, 1e-3)) as tf.Tensor4D;
          const size = pad === 'same' ? h.shape[1] * stride : h.shape[1] * stride + 4 - stride;
          const img = tf.tanh(tf.conv2dTranspose(h, g2 as tf.Tensor4D, [batch, size, size, 3], stride, pad));
          const logits = tf.leakyRelu(tf.conv2d(img, d1 as tf.Tensor4D, 2, pad), 0.2).mean([1, 2, 3]);
          return tf.metrics.binaryCrossentropy(tf.ones([batch]), tf.sigmoid(logits)).mean() as tf.Scalar;
        };
        return tf.grads(loss)(params);
      });
      expectClose(wasm, cpu);
    });
  }

  it('training steps through every added kernel free all their temporaries', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const w = [rand([4, 4, 3, 8], 31), rand([3, 3, 8, 6], 32), rand([24, 5], 33), rand([4, 4, 2, 6], 34)].map((t) => tf.variable(t));
    const optimizer = tf.train.adam(1e-3);
    const step = () =>
      tf.tidy(() => {
        const x = rand([4, 12, 12, 3], 35) as tf.Tensor4D;
        const actions = tf.tensor1d([0, 1, 2, 4], 'int32');
        optimizer.minimize(() => {
          const h1 = tf.relu(tf.conv2d(x, w[0] as tf.Tensor4D, 2, 'same')) as tf.Tensor4D;
          const h = tf.conv2d(h1, w[1] as tf.Tensor4D, 2, 'valid');
          const up = tf.conv2dTranspose(h, w[3] as tf.Tensor4D, [4, 4, 4, 2], 2, 'same');
          const { mean, variance } = tf.moments(h, [0, 1, 2]);
          const q = tf.batchNorm(h, mean, variance, tf.zeros([6]), tf.ones([6])).reshape([4, -1]).matMul(w[2]);
          const picked = tf.gather(q, actions, 1, 1);
          return tf.losses.huberLoss(tf.zeros([4]), picked).add(up.mean()).add(q.cast('bool').cast('float32').mean()) as tf.Scalar;
        }, false, w);
      });
    step();
    const tensors = tf.memory().numTensors;
    const dataIds = backend.numDataIds();
    for (let i = 0; i < 5; i++) step();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(dataIds);
    optimizer.dispose();
    tf.dispose(w);
  });
});
