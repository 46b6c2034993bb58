// Adam's update as one pass. tf.train.adam runs about a dozen elementwise kernels per variable
// (each a full read and write of a tensor the size of the weights: 1.6M floats for the Nature
// CNN's 3136x512 layer), which was a tenth of a DQN train step on wasm. The FusedAdam kernel
// computes the same float32 operations in the same order in one loop (every intermediate rounded
// to float32 with Math.fround, as the package's kernels round them), so the weights and moments
// come out bit for bit as tf.train.adam's. FusedAdamOptimizer uses it where the active backend
// has it and is tf.train.adam everywhere else; its class name, slots and saved weights are
// Adam's, so checkpoints load either way.
import * as tf from '@tensorflow/tfjs';
import { asWasm } from './wasm_backend.ts';

export const FUSED_ADAM = 'AtariFusedAdam';

interface Attrs { beta1: number; beta2: number; epsilon: number; learningRate: number }

/** Inputs value, m, v, gradient and the scalars 1 - beta1^t, 1 - beta2^t; outputs new value, m, v. */
function fusedAdam({ inputs, backend: anyBackend, attrs }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const backend = asWasm(anyBackend);
  const { value, m, v, gradient, oneMinusAccBeta1, oneMinusAccBeta2 } = inputs as Record<string, tf.TensorInfo>;
  const { beta1, beta2, epsilon, learningRate } = attrs as unknown as Attrs;
  for (const t of [value, m, v, gradient, oneMinusAccBeta1, oneMinusAccBeta2])
    if (t.dtype !== 'float32') throw new Error('FusedAdam: float32 tensors only');
  const n = tf.util.sizeFromShape(value.shape);
  if (tf.util.sizeFromShape(m.shape) !== n || tf.util.sizeFromShape(v.shape) !== n || tf.util.sizeFromShape(gradient.shape) !== n)
    throw new Error('FusedAdam: value, moments and gradient differ in size');
  const outValue = backend.makeOutput([...value.shape], 'float32');
  const outM = backend.makeOutput([...value.shape], 'float32');
  const outV = backend.makeOutput([...value.shape], 'float32');
  // Views only after the allocations (an allocation may grow the heap).
  const x = backend.typedArrayFromHeap(value) as Float32Array;
  const m0 = backend.typedArrayFromHeap(m) as Float32Array;
  const v0 = backend.typedArrayFromHeap(v) as Float32Array;
  const g = backend.typedArrayFromHeap(gradient) as Float32Array;
  const x1 = backend.typedArrayFromHeap(outValue) as Float32Array;
  const m1 = backend.typedArrayFromHeap(outM) as Float32Array;
  const v1 = backend.typedArrayFromHeap(outV) as Float32Array;
  const d1 = (backend.typedArrayFromHeap(oneMinusAccBeta1) as Float32Array)[0];
  const d2 = (backend.typedArrayFromHeap(oneMinusAccBeta2) as Float32Array)[0];
  const f = Math.fround;
  // The scalars as tf.mul(t, number) etc. see them: float32.
  const b1 = f(beta1), c1 = f(1 - beta1), b2 = f(beta2), c2 = f(1 - beta2), eps = f(epsilon), step = f(-learningRate);
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    const mi = f(f(m0[i] * b1) + f(gi * c1));                 // add(mul(m, beta1), mul(g, 1 - beta1))
    const vi = f(f(v0[i] * b2) + f(f(gi * gi) * c2));         // add(mul(v, beta2), mul(square(g), 1 - beta2))
    const mHat = f(mi / d1);                                  // div(m, 1 - accBeta1)
    const vHat = f(vi / d2);
    const upd = f(f(mHat / f(f(Math.sqrt(vHat)) + eps)) * step); // mul(div(mHat, add(sqrt(vHat), eps)), -lr)
    m1[i] = mi;
    v1[i] = vi;
    x1[i] = upd + x[i];                                       // add(update, value), rounded on store
  }
  return [outValue, outM, outV];
}

export const fusedAdamConfig: tf.KernelConfig = { kernelName: FUSED_ADAM, backendName: 'wasm', kernelFunc: fusedAdam as tf.KernelFunc };

interface AdamSlots {
  accBeta1: tf.Variable; accBeta2: tf.Variable;
  beta1: number; beta2: number; epsilon: number; learningRate: number;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
  incrementIterations(): void;
}

/** tf.train.adam, with the update in one FusedAdam kernel per variable where the backend has one. */
export class FusedAdamOptimizer extends tf.AdamOptimizer {
  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    if (!tf.getKernel(FUSED_ADAM, tf.getBackend())) return super.applyGradients(variableGradients);
    const s = this as unknown as AdamSlots;
    const list = Array.isArray(variableGradients) ? variableGradients : undefined;
    const names = list ? list.map((v) => v.name) : Object.keys(variableGradients);
    tf.tidy(() => {
      const oneMinusAccBeta1 = tf.sub(1, s.accBeta1);
      const oneMinusAccBeta2 = tf.sub(1, s.accBeta2);
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name];
        s.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        s.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        const gradient = list ? list[i].tensor : (variableGradients as Record<string, tf.Tensor>)[name];
        if (gradient == null) return;
        const m = s.accumulatedFirstMoment[i].variable;
        const v = s.accumulatedSecondMoment[i].variable;
        const [newValue, newM, newV] = tf.engine().runKernel(FUSED_ADAM,
          { value, m, v, gradient, oneMinusAccBeta1, oneMinusAccBeta2 },
          { beta1: s.beta1, beta2: s.beta2, epsilon: s.epsilon, learningRate: s.learningRate }) as tf.Tensor[];
        m.assign(newM);
        v.assign(newV);
        value.assign(newValue);
      });
      s.accBeta1.assign(tf.mul(s.accBeta1, s.beta1));
      s.accBeta2.assign(tf.mul(s.accBeta2, s.beta2));
    });
    s.incrementIterations();
  }
}
