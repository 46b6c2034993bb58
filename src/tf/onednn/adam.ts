// Adam on the onednn backend as one native pass per variable (native/tf/adam.cc) instead of
// tfjs's 14 elementwise ops, each allocating a full-size array; the moments and the weights are
// updated in place where nothing else can see their arrays (OneDnnBackend.mayOverwrite), else
// written to new ones. The arithmetic is the unfused update's, bit for bit. AdamOptimizer's own
// update runs on every other backend. Installed on AdamOptimizer's prototype, so every Adam user
// (DQN, the GAN, the actor-critic agents) gets it without changes.
import * as tf from '@tensorflow/tfjs';
import { onednnAddon } from './addon.ts';
import { asOneDnn, f32, type OneDnnBackend } from './storage.ts';

interface AdamInternals {
  learningRate: number; beta1: number; beta2: number; epsilon: number;
  accBeta1: tf.Variable; accBeta2: tf.Variable;
  accumulatedFirstMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  incrementIterations(): void;
}

type Gradients = tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[];

/** One variable's update; false where a tensor is not float32 (the caller then runs tfjs's update). */
function update(backend: OneDnnBackend, scalars: number[], vars: [tf.Variable, tf.Variable, tf.Variable], g: tf.Tensor): boolean {
  const inputs = [...vars.map((v) => f32(backend, v)), f32(backend, g)];
  if (inputs.some((a) => !a || a.length !== inputs[0]!.length)) return false;
  const [x, m, v, grad] = inputs as Float32Array[];
  const outs = vars.map((t) => backend.mayOverwrite(t) ?? backend.alloc(x.length));
  onednnAddon().adam(scalars, x, m, v, grad, outs[0], outs[1], outs[2]);
  vars.forEach((t, i) => {
    if (outs[i] === inputs[i]) return;
    const fresh = tf.engine().makeTensorFromTensorInfo(backend.makeOverwritable(t.shape, outs[i]));
    t.assign(fresh);
    fresh.dispose();
  });
  return true;
}

let installed = false;

export function installFusedAdam(backendName: string): void {
  if (installed) return;
  installed = true;
  const proto = tf.AdamOptimizer.prototype as unknown as { applyGradients(g: Gradients): void };
  const original = proto.applyGradients;
  proto.applyGradients = function (this: AdamInternals, variableGradients: Gradients) {
    if (tf.getBackend() !== backendName) return original.call(this, variableGradients);
    const backend = asOneDnn(tf.backend());
    const list = Array.isArray(variableGradients);
    const names = list ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    tf.tidy(() => {
      // The bias corrections as the float32 scalars the unfused update divides by.
      const oneMinusAcc1 = tf.sub(1, this.accBeta1).dataSync()[0];
      const oneMinusAcc2 = tf.sub(1, this.accBeta2).dataSync()[0];
      const scalars = [this.learningRate, this.beta1, this.beta2, this.epsilon, oneMinusAcc1, oneMinusAcc2];
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name];
        this.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        this.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        const gradient = list ? (variableGradients as { tensor: tf.Tensor }[])[i].tensor : (variableGradients as tf.NamedTensorMap)[name];
        if (gradient == null) return;
        const m = this.accumulatedFirstMoment[i]!.variable;
        const v = this.accumulatedSecondMoment[i]!.variable;
        if (!update(backend, scalars, [value, m, v], gradient)) throw new Error(`Adam on ${backendName}: ${name} is not float32`);
      });
      this.accBeta1.assign(tf.mul(this.accBeta1, this.beta1));
      this.accBeta2.assign(tf.mul(this.accBeta2, this.beta2));
    });
    this.incrementIterations();
  };
}
