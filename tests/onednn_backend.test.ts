// The onednn backend (src/tf/onednn, native/tf) must compute what the cpu backend (tfjs's
// reference implementation) computes: each native kernel over shapes, strides, paddings and
// dilations, whole-network gradients of the Nature CNN and of both DCGAN nets, and the fused Adam
// bit for bit. Cases the native kernels do not take must reach the cpu kernel. Skipped where the
// addon was not built (no libdnnl / OpenBLAS); .ci/run installs both, so CI runs it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/native.ts';
import { selectBackend } from '../src/tf/backend.ts';
import { onednnAddon } from '../src/tf/onednn/addon.ts';
import { floatTensor } from '../src/tf/float_tensor.ts';
import { buildQNetwork, makeOptimizer, trainStep } from '../src/agents/dqn.ts';
import { buildDiscriminator, buildGenerator, defaultGanConfig } from '../src/agents/dcgan.ts';
import { expectClose as expectCloseTo, rand, runOn, values } from './helpers/kernel_compare.ts';

const built = existsSync(path.join(repoRoot, 'build', 'Release', 'atari_onednn.node'));

async function onBoth(f: () => tf.Tensor | tf.Tensor[]): Promise<{ cpu: Float32Array[]; onednn: Float32Array[] }> {
  const r = await runOn(['cpu', 'onednn'], f);
  return { cpu: r.cpu, onednn: r.onednn };
}

/** 1e-5 of the largest reference magnitude: float32 summation-order noise. */
const expectClose = (actual: Float32Array[], expected: Float32Array[], tol = 1e-5) => expectCloseTo(actual, expected, tol);

/** Counts the native calls of one addon function while f runs. */
function countNative<K extends 'conv2d' | 'conv2dBackpropInput' | 'conv2dBackpropFilter' | 'matMul' | 'binary' | 'unary' | 'reduce' | 'transpose'>(
  name: K, f: () => void): number {
  const addon = onednnAddon() as unknown as Record<string, (...a: unknown[]) => unknown>;
  const original = addon[name];
  let calls = 0;
  addon[name] = (...a: unknown[]) => {
    calls++;
    return original.apply(addon, a);
  };
  try {
    f();
  } finally {
    addon[name] = original;
  }
  return calls;
}

describe.runIf(built)('onednn backend', () => {
  beforeAll(async () => {
    const info = await selectBackend('onednn');
    expect(info.name).toBe('onednn');
  });

  it('says which libraries and how many threads it runs on', async () => {
    const info = await selectBackend('onednn');
    expect(info.description).toMatch(/^backend: onednn \(oneDNN \d+\.\d+\.\d+, OpenBLAS [\d.]+, \w+, \d+ threads?; native kernels: .*Conv2D.*BatchMatMul/);
    expect(onednnAddon().info().threads).toBeGreaterThanOrEqual(1);
  });

  type Pad = 'same' | 'valid' | tf.backend_util.ExplicitPadding;
  // Gradients where tfjs has them (not for dilations) and where the cpu reference takes seconds, not minutes.
  const convCases: Array<{ x: number[]; f: number[]; s: number | [number, number]; pad: Pad; d?: number | [number, number]; grads?: false }> = [
    { x: [2, 9, 7, 3], f: [3, 3, 3, 5], s: 1, pad: 'same' },
    { x: [3, 28, 28, 4], f: [8, 8, 4, 6], s: 4, pad: 'valid' },
    { x: [1, 10, 10, 5], f: [4, 4, 5, 7], s: 2, pad: 'same' },
    { x: [2, 11, 13, 2], f: [5, 3, 2, 4], s: [2, 3], pad: 'valid' },
    { x: [2, 6, 7, 3], f: [3, 2, 3, 2], s: 1, pad: [[0, 0], [1, 2], [2, 1], [0, 0]] },
    { x: [2, 12, 12, 3], f: [3, 3, 3, 4], s: 1, pad: 'same', d: 2, grads: false },
    { x: [1, 15, 13, 2], f: [3, 2, 2, 3], s: 1, pad: 'valid', d: [2, 3], grads: false },
    { x: [32, 84, 84, 4], f: [8, 8, 4, 32], s: 4, pad: 'valid', grads: false },  // the Nature CNN, batch 32
    { x: [3, 84, 84, 4], f: [8, 8, 4, 32], s: 4, pad: 'valid' },
    { x: [1, 20, 20, 32], f: [4, 4, 32, 64], s: 2, pad: 'valid' }, // ... its second layer, batch 1
    { x: [2, 64, 64, 3], f: [4, 4, 3, 16], s: 2, pad: 'same' },    // the DCGAN discriminator's first layer
  ];

  it.each(convCases)('Conv2D (and its gradients unless $grads) matches cpu: x $x, filter $f, strides $s, pad $pad, dilation $d', async ({ x, f, s, pad, d, grads }) => {
    let native = 0;
    const { cpu, onednn } = await onBoth(() => {
      const xt = rand(x, 1) as tf.Tensor4D;
      const ft = rand(f, 2) as tf.Tensor4D;
      const loss = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, s, pad, 'NHWC', d ?? 1), rand([1], 3)));
      const y = tf.conv2d(xt, ft, s, pad, 'NHWC', d ?? 1);
      return grads === false ? [y] : [y, ...tf.grads(loss)([xt, ft])];
    });
    native = countNative('conv2d', () => { tf.tidy(() => tf.conv2d(rand(x, 1) as tf.Tensor4D, rand(f, 2) as tf.Tensor4D, s, pad, 'NHWC', d ?? 1)); });
    expect(native).toBe(1);
    expectClose(onednn, cpu);
  });

  const activations = ['linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'sigmoid'] as const;
  it.each(activations)('FusedConv2D with bias and %s matches cpu, and so do its gradients', async (activation) => {
    const { cpu, onednn } = await onBoth(() => {
      const x = rand([2, 10, 10, 3], 4);
      const w = rand([3, 3, 3, 6], 5);
      const b = rand([6], 6);
      const conv = (xt: tf.Tensor, wt: tf.Tensor, bt: tf.Tensor) =>
        tf.fused.conv2d({ x: xt as tf.Tensor4D, filter: wt as tf.Tensor4D, strides: 1, pad: 'same', bias: bt, activation, leakyreluAlpha: 0.3 });
      return [conv(x, w, b), ...tf.grads((xt: tf.Tensor, wt: tf.Tensor, bt: tf.Tensor) => tf.sum(tf.square(conv(xt, wt, bt))))([x, w, b])];
    });
    expectClose(onednn, cpu);
  });

  it('conv2dTranspose (Conv2DBackpropInput) matches cpu: the generator\'s layers, same and valid', async () => {
    const { cpu, onednn } = await onBoth(() => [
      tf.conv2dTranspose(rand([2, 1, 1, 100], 7) as tf.Tensor4D, rand([4, 4, 64, 100], 8) as tf.Tensor4D, [2, 4, 4, 64], 1, 'valid'),
      tf.conv2dTranspose(rand([2, 8, 8, 32], 9) as tf.Tensor4D, rand([4, 4, 16, 32], 10) as tf.Tensor4D, [2, 16, 16, 16], 2, 'same'),
      tf.conv2dTranspose(rand([1, 32, 32, 8], 11) as tf.Tensor4D, rand([4, 4, 3, 8], 12) as tf.Tensor4D, [1, 64, 64, 3], 2, 'same'),
    ]);
    expectClose(onednn, cpu);
  });

  it('NCHW convolutions and prelu activations are not native: the cpu kernel computes them', async () => {
    const nchw = () => tf.conv2d(rand([1, 3, 9, 9], 13) as tf.Tensor4D, rand([3, 3, 3, 4], 14) as tf.Tensor4D, 1, 'same', 'NCHW');
    const prelu = () => tf.fused.conv2d({ x: rand([1, 9, 9, 3], 15) as tf.Tensor4D, filter: rand([3, 3, 3, 4], 16) as tf.Tensor4D, strides: 1, pad: 'same', activation: 'prelu', preluActivationWeights: rand([4], 17) });
    // tfjs's cpu backend has no NCHW Conv2D either; it must fail there exactly as on cpu.
    await tf.setBackend('cpu');
    const cpuError = (() => { try { tf.tidy(() => nchw().dataSync()); return ''; } catch (e) { return (e as Error).message; } })();
    await tf.setBackend('onednn');
    let onednnError = '';
    expect(countNative('conv2d', () => { try { tf.tidy(() => nchw().dataSync()); } catch (e) { onednnError = (e as Error).message; } })).toBe(0);
    expect(onednnError).toBe(cpuError);
    expect(countNative('conv2d', () => { tf.tidy(() => prelu().dataSync()); })).toBe(0);
    const { cpu, onednn } = await onBoth(() => prelu());
    expectClose(onednn, cpu);
  });

  const matCases: Array<{ a: number[]; b: number[]; ta: boolean; tb: boolean }> = [
    { a: [32, 3136], b: [3136, 512], ta: false, tb: false }, // the Nature CNN's dense layer
    { a: [32, 3136], b: [32, 512], ta: true, tb: false },    // ... its weight gradient
    { a: [32, 512], b: [3136, 512], ta: false, tb: true },   // ... its input gradient
    { a: [7, 5], b: [3, 7], ta: true, tb: true },
    { a: [1, 6], b: [6, 4], ta: false, tb: false },
    { a: [3, 5, 7], b: [3, 7, 4], ta: false, tb: false },
    { a: [3, 7, 5], b: [7, 4], ta: true, tb: false },         // broadcast batch of b
    { a: [5, 7], b: [2, 3, 7, 4], ta: false, tb: false },     // broadcast batch of a, rank 4
  ];

  it.each(matCases)('MatMul matches cpu: $a x $b (transposeA $ta, transposeB $tb)', async ({ a, b, ta, tb }) => {
    const { cpu, onednn } = await onBoth(() => tf.matMul(rand(a, 21), rand(b, 22), ta, tb));
    expectClose(onednn, cpu);
    expect(countNative('matMul', () => { tf.tidy(() => tf.matMul(rand(a, 21), rand(b, 22), ta, tb)); })).toBe(1);
  });

  it.each(activations)('fused MatMul with bias and %s matches cpu, with its gradients', async (activation) => {
    const { cpu, onednn } = await onBoth(() => {
      const a = rand([8, 20], 23);
      const b = rand([20, 6], 24);
      const bias = rand([6], 25);
      const f = (x: tf.Tensor, w: tf.Tensor, c: tf.Tensor) => tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias: c, activation, leakyreluAlpha: 0.1 });
      return [f(a, b, bias), ...tf.grads((x: tf.Tensor, w: tf.Tensor, c: tf.Tensor) => tf.sum(tf.square(f(x, w, c))))([a, b, bias])];
    });
    expectClose(onednn, cpu);
  });

  it('int32 products are not native and still right', async () => {
    const r = () => tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), tf.tensor2d([5, 6, 7, 8], [2, 2], 'int32'));
    expect(countNative('matMul', () => { expect(Array.from(tf.tidy(() => r().dataSync()))).toEqual([19, 22, 43, 50]); })).toBe(0);
  });

  const binaryOps: Array<[string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor]> = [
    ['add', tf.add], ['sub', tf.sub], ['mul', tf.mul], ['div', tf.div], ['maximum', tf.maximum], ['minimum', tf.minimum],
    ['squaredDifference', tf.squaredDifference], ['pow', (a, b) => tf.pow(tf.abs(a), b)],
  ];
  const shapes: Array<[number[], number[]]> = [
    [[4, 5], [4, 5]], [[32, 20, 20, 32], [32]], [[3, 1, 5], [1, 4, 1]], [[6], []], [[], [2, 3]], [[2, 3, 4], [3, 1]], [[200000], [200000]],
  ];
  it.each(binaryOps)('%s matches cpu bit for bit, broadcasting included', async (_, op) => {
    for (const [sa, sb] of shapes) {
      const { cpu, onednn } = await onBoth(() => op(rand(sa, 31), rand(sb, 32)));
      expect(onednn[0], `${sa} with ${sb}`).toEqual(cpu[0]);
    }
  });

  const unaryOps: Array<[string, (x: tf.Tensor) => tf.Tensor, boolean]> = [
    ['sqrt', (x) => tf.sqrt(tf.abs(x)), true], ['square', tf.square, true], ['relu', tf.relu, true], ['neg', tf.neg, true],
    ['abs', tf.abs, true], ['reciprocal', tf.reciprocal, true], ['relu6', (x) => tf.relu6(tf.mul(x, 8)), true],
    ['step', (x) => tf.step(x, 0.25), true], ['leakyRelu', (x) => tf.leakyRelu(x, 0.3), true],
    ['exp', tf.exp, false], ['log', (x) => tf.log(tf.abs(x)), false], ['sigmoid', tf.sigmoid, false], ['tanh', tf.tanh, false],
    ['rsqrt', (x) => tf.rsqrt(tf.abs(x)), false], ['elu', tf.elu, false], ['log1p', (x) => tf.log1p(tf.abs(x)), false],
  ];
  it.each(unaryOps)('%s matches cpu (exact where cpu is exact)', async (_, op, exact) => {
    const { cpu, onednn } = await onBoth(() => op(rand([70000], 33)));
    if (exact) expect(onednn[0]).toEqual(cpu[0]);
    else expectClose(onednn, cpu, 1e-6);
  });

  it('NaN goes through relu, step and max as on cpu', async () => {
    const { cpu, onednn } = await onBoth(() => {
      const x = tf.tensor1d([NaN, -1, 0, 2]);
      return [tf.relu(x), tf.step(x, 0.5), tf.maximum(x, 1), tf.minimum(x, 1)];
    });
    expect(onednn).toEqual(cpu);
  });

  it('comparisons, select and tile match cpu exactly, broadcasting included', async () => {
    const { cpu, onednn } = await onBoth(() => {
      const a = rand([3, 4, 5], 42);
      const b = rand([4, 1], 43);
      const ops = [tf.greater, tf.greaterEqual, tf.less, tf.lessEqual, tf.equal, tf.notEqual].map((op) => op(a, b));
      const same = tf.equal(tf.round(tf.mul(a, 2)), tf.round(tf.mul(rand([3, 4, 5], 44), 2)));
      return [...ops, same, tf.where(tf.greater(a, 0), a, tf.neg(a)), tf.tile(rand([2, 3, 1, 4], 45), [3, 1, 5, 2]), tf.tile(rand([5], 46), [4])];
    });
    expect(onednn).toEqual(cpu);
    expect(countNative('binary', () => { tf.tidy(() => tf.greater(rand([8], 47), 0).dataSync()); })).toBe(1);
  });

  it('batch normalisation matches cpu bit for bit, with and without scale and offset', async () => {
    const { cpu, onednn } = await onBoth(() => {
      const x = rand([4, 5, 5, 6], 48);
      const m = rand([6], 49);
      const v = tf.abs(rand([6], 50));
      return [tf.batchNorm(x, m, v, rand([6], 51), rand([6], 52), 1e-5), tf.batchNorm(x, m, v, undefined, undefined, 1e-3),
        tf.batchNorm(x, rand([1], 53), tf.abs(rand([1], 54)), rand([6], 55), undefined, 1e-5)];
    });
    expect(onednn).toEqual(cpu);
  });

  it('sums, maxima, minima and means over consecutive axes are native and match cpu; others fall back', async () => {
    const x = () => rand([4, 6, 5, 3], 41);
    const cases: Array<[number | number[], boolean]> = [[0, true], [3, true], [[1, 2], true], [[0, 1, 2, 3], true], [[0, 2], false], [-1, true]];
    for (const [axis, native] of cases) {
      const { cpu, onednn } = await onBoth(() => [tf.sum(x(), axis), tf.max(x(), axis, true), tf.min(x(), axis), tf.mean(x(), axis, true)]);
      expectClose(onednn, cpu, 1e-6);
      expect(countNative('reduce', () => { tf.tidy(() => tf.sum(x(), axis).dataSync()); }) > 0, `axis ${axis}`).toBe(native);
    }
  });

  it('transposes float32 and int32 tensors as cpu does, the NCHW <-> NHWC permutes included', async () => {
    for (const [shape, perm] of [[[32, 4, 84, 84], [0, 2, 3, 1]], [[2, 7, 7, 64], [0, 3, 1, 2]], [[3, 4, 5], [2, 0, 1]], [[9, 11], [1, 0]]] as const) {
      const { cpu, onednn } = await onBoth(() => tf.transpose(rand([...shape], 51), [...perm]));
      expect(onednn[0]).toEqual(cpu[0]);
      const ints = () => tf.transpose(tf.tensor(Int32Array.from(values(tf.util.sizeFromShape([...shape]), 52), (v) => Math.round(v * 1e6)), [...shape], 'int32'), [...perm]);
      await tf.setBackend('cpu');
      const ref = tf.tidy(() => Array.from(ints().dataSync()));
      await tf.setBackend('onednn');
      expect(tf.tidy(() => Array.from(ints().dataSync()))).toEqual(ref);
    }
  });

  it('the Nature CNN\'s loss gradients match cpu (a whole DQN update)', async () => {
    const grads = () => {
      const net = buildQNetwork(4, { network: 'nature', dueling: false, seed: 3 });
      const obs = tf.tensor(Uint8Array.from(values(4 * 4 * 84 * 84, 61), (v) => Math.floor((v + 1) * 127.5)), [4, 4, 84, 84], 'float32');
      const { grads: g } = tf.variableGrads(() => tf.mean(tf.square(net.apply(obs, { training: true }) as tf.Tensor)) as tf.Scalar);
      const out = net.trainableWeights.map((w) => g[(w.read() as tf.Variable).name]);
      net.dispose();
      return out;
    };
    const { cpu, onednn } = await onBoth(grads);
    expectClose(onednn, cpu, 1e-4);
  });

  it('the DCGAN generator\'s and discriminator\'s gradients match cpu', async () => {
    const grads = () => {
      const c = { ...defaultGanConfig, seed: 4, generatorFilters: '32,16,8,4', discriminatorFilters: '4,8,16,32' };
      const gen = buildGenerator(c);
      const dis = buildDiscriminator(c);
      const z = rand([2, c.latentSize], 62);
      const { grads: g } = tf.variableGrads(() => tf.mean(dis.apply(gen.apply(z, { training: true }), { training: true }) as tf.Tensor) as tf.Scalar);
      const out = [...gen.trainableWeights, ...dis.trainableWeights].map((w) => g[(w.read() as tf.Variable).name]);
      gen.dispose();
      dis.dispose();
      return out;
    };
    const { cpu, onednn } = await onBoth(grads);
    expectClose(onednn, cpu, 1e-4);
  });

  it('the fused Adam updates weights and moments exactly as tfjs\'s Adam does on cpu', async () => {
    const run = () => {
      const vars = [tf.variable(rand([300, 512], 71)), tf.variable(rand([64], 72))];
      const opt = tf.train.adam(1e-3, 0.9, 0.999, 1e-8);
      for (let step = 0; step < 3; ++step)
        opt.applyGradients(Object.fromEntries(vars.map((v, i) => [v.name, tf.mul(rand(v.shape, 80 + 10 * step + i), step + 1)])));
      const slots = opt as unknown as Record<'accumulatedFirstMoment' | 'accumulatedSecondMoment', { variable: tf.Variable }[]>;
      const moments = [...slots.accumulatedFirstMoment, ...slots.accumulatedSecondMoment].map((s) => s.variable);
      const out = [...vars, ...moments].map((v) => v.clone());
      tf.dispose(vars);
      opt.dispose();
      return out;
    };
    const { cpu, onednn } = await onBoth(run);
    expect(onednn.length).toBe(6);
    onednn.forEach((a, i) => expect(a, `tensor ${i}`).toEqual(cpu[i]));
  });

  it('the in-place Adam leaves alone what others can see: a tensor sharing the weights, an array read out', async () => {
    await tf.setBackend('onednn');
    const w = tf.variable(rand([1000], 90));
    const copy = tf.variable(w);                                  // shares w's data, as target.setWeights(online) does
    const opt = tf.train.adam(0.1);
    const g = rand([1000], 91);
    opt.applyGradients({ [w.name]: g } as unknown as Record<string, tf.Variable>);
    const after1 = w.dataSync();                                  // the array itself: must never change later
    const kept = Float32Array.from(after1);
    const firstCopy = Float32Array.from(copy.dataSync());
    opt.applyGradients({ [w.name]: g } as unknown as Record<string, tf.Variable>);
    opt.applyGradients({ [w.name]: g } as unknown as Record<string, tf.Variable>);
    expect(after1).toEqual(kept);
    expect(Float32Array.from(copy.dataSync())).toEqual(firstCopy);
    expect(Float32Array.from(w.dataSync())).not.toEqual(kept);
    tf.dispose([w, copy, g]);
    opt.dispose();
  });

  it('recycles the native kernels\' output arrays, but never one a caller read or a view still uses', async () => {
    await tf.setBackend('onednn');
    const backend = tf.backend() as unknown as { alloc(n: number): Float32Array };
    const x = rand([1000], 95);
    // Recycled: the buffer of a disposed output comes back for the next output of its length.
    const y = tf.relu(x);
    const buf = (y.dataId && (tf.backend() as unknown as { data: { get(id: object): { values: Float32Array } } }).data.get(y.dataId).values.buffer);
    y.dispose();
    expect(backend.alloc(1000).buffer).toBe(buf);
    // Read by a caller: never handed out again, so the caller's array keeps its values.
    const z = tf.mul(x, 2);
    const read = z.dataSync();
    const kept = Float32Array.from(read);
    z.dispose();
    for (let i = 0; i < 20; ++i) tf.tidy(() => tf.add(tf.mul(x, 3 + i), 1));
    expect(read).toEqual(kept);
    // A view the cpu backend's Slice made on an output outlives the output.
    const w = tf.mul(x, 5);
    const view = tf.slice(w, [10], [100]);
    const expected = Float32Array.from(tf.tidy(() => tf.slice(tf.mul(x, 5), [10], [100]).dataSync()));
    w.dispose();
    for (let i = 0; i < 20; ++i) tf.tidy(() => tf.sub(tf.mul(x, 7 + i), 1));
    expect(Float32Array.from(view.dataSync())).toEqual(expected);
    tf.dispose([x, view]);
  });

  it('makes float tensors of byte observations in recycled arrays, with the values tf.tensor gives', async () => {
    await tf.setBackend('onednn');
    const bytes = Uint8Array.from({ length: 2 * 4 * 84 * 84 }, (_, i) => (i * 37) & 255);
    const ints = Int32Array.from({ length: 999 }, (_, i) => i - 500);
    const expected = [Float32Array.from(bytes), Float32Array.from(ints)];
    const dataOf = (t: tf.Tensor) => (tf.backend() as unknown as { data: { get(id: object): { values: Float32Array } } }).data.get(t.dataId).values;
    // Index of the first difference, -1 where none (a failing toEqual on arrays this size takes minutes to print).
    const firstDiff = (x: ArrayLike<number>, y: ArrayLike<number>) => x.length !== y.length ? 0 : Array.prototype.findIndex.call(x, (v: number, i: number) => v !== y[i]);
    const a = floatTensor(bytes, [2, 4, 84, 84]);
    expect(a.dtype).toBe('float32');
    expect(a.shape).toEqual([2, 4, 84, 84]);
    const buf = dataOf(a).buffer;
    expect(firstDiff(a.dataSync(), expected[0])).toBe(-1);
    a.dispose();
    // Read by a caller above, so not reused; the next one is recycled from a disposed kernel output.
    const y = tf.relu(tf.ones([bytes.length]));
    const recycled = dataOf(y).buffer;
    y.dispose();
    const b = floatTensor(bytes, [2, 4, 84, 84]);
    expect(dataOf(b).buffer === recycled).toBe(true);
    expect(dataOf(b).buffer === buf).toBe(false);
    expect(firstDiff(dataOf(b), expected[0])).toBe(-1);
    const c = floatTensor(ints, [999]);
    expect(firstDiff(dataOf(c), expected[1])).toBe(-1);
    tf.dispose([b, c]);
    for (const name of ['cpu', 'onednn']) {
      await tf.setBackend(name);
      const t = floatTensor(bytes, [bytes.length]);
      expect(firstDiff(t.dataSync(), expected[0])).toBe(-1);
      t.dispose();
    }
  });

  it('same seed, same thread count: two runs of DQN train steps give the same weights bit for bit', async () => {
    await tf.setBackend('onednn');
    const run = () => {
      const online = buildQNetwork(4, { network: 'nature', dueling: false, seed: 5 });
      const target = buildQNetwork(4, { network: 'nature', dueling: false, seed: 6 });
      const opt = makeOptimizer({ optimizer: 'adam', learningRate: 1e-4 });
      const B = 8;
      const n = 4 * 84 * 84;
      for (let step = 0; step < 3; ++step) {
        const batch = {
          obs: Uint8Array.from(values(B * n, 100 + step), (v) => Math.floor((v + 1) * 127.5)),
          nextObs: Uint8Array.from(values(B * n, 200 + step), (v) => Math.floor((v + 1) * 127.5)),
          actions: Int32Array.from({ length: B }, (_, i) => (i + step) % 4), rewards: Float32Array.from({ length: B }, (_, i) => (i % 3) - 1),
          dones: new Float32Array(B), discounts: new Float32Array(B).fill(0.99), weights: new Float32Array(B).fill(1), size: B,
        };
        trainStep(online, target, opt, batch, { double: false, loss: 'mse', maxGradNorm: 10 }, 4);
      }
      const w = online.getWeights().map((t) => Float32Array.from(t.dataSync()));
      online.dispose();
      target.dispose();
      opt.dispose();
      return w;
    };
    const a = run();
    const b = run();
    a.forEach((x, i) => expect(b[i], `weight ${i}`).toEqual(x));
  });

  it('training steps leak no tensors', async () => {
    await tf.setBackend('onednn');
    const online = buildQNetwork(4, { network: 'nature', dueling: false, seed: 7 });
    const target = buildQNetwork(4, { network: 'nature', dueling: false, seed: 8 });
    const opt = makeOptimizer({ optimizer: 'adam', learningRate: 1e-4 });
    const B = 4;
    const batch = {
      obs: new Uint8Array(B * 4 * 84 * 84).fill(9), nextObs: new Uint8Array(B * 4 * 84 * 84).fill(200), actions: Int32Array.from([0, 1, 2, 3]),
      rewards: Float32Array.from([1, 0, -1, 0]), dones: Float32Array.from([0, 0, 1, 0]), discounts: new Float32Array(B).fill(0.99), weights: new Float32Array(B).fill(1), size: B,
    };
    trainStep(online, target, opt, batch, { double: true, loss: 'huber', maxGradNorm: 10 }, 4);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 10; ++i) trainStep(online, target, opt, batch, { double: true, loss: 'huber', maxGradNorm: 10 }, 4);
    expect(tf.memory().numTensors).toBe(before);
    online.dispose();
    target.dispose();
    opt.dispose();
  });
});

describe.runIf(!built)('onednn backend (not built here)', () => {
  it('forcing it says which packages add it', async () => {
    await expect(selectBackend('onednn')).rejects.toThrow(/apt-get install libdnnl-dev libopenblas-dev/);
  });
});
