// AdamW (Adam with decoupled weight decay, Loshchilov & Hutter), which tfjs does not ship:
// each step first shrinks the weights by lr * weightDecay, then applies Adam's update.
import * as tf from '@tensorflow/tfjs';

type NamedTensor = { name: string; tensor: tf.Tensor };

export class AdamW {
  readonly adam: tf.AdamOptimizer;
  constructor(readonly learningRate: number, readonly weightDecay = 0.01, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8) {
    this.adam = tf.train.adam(learningRate, beta1, beta2, epsilon);
  }
  applyGradients(grads: tf.NamedTensorMap): void {
    const shrink = 1 - this.learningRate * this.weightDecay;
    tf.tidy(() => {
      for (const name of Object.keys(grads)) {
        const v = tf.engine().registeredVariables[name];
        v.assign(tf.mul(v, shrink));
      }
    });
    (this.adam as tf.Optimizer).applyGradients(grads);
  }
}

/**
 * PyTorch's RMSprop (what SB3's A2C uses: alpha 0.99, eps 1e-5): v = alpha v + (1 - alpha) g^2,
 * w -= lr g / (sqrt(v) + eps). tfjs's RMSProp puts eps inside the square root, which changes the
 * first updates a lot when eps is as large as 1e-5.
 */
export class TorchRMSprop extends tf.Optimizer {
  static get className(): string {
    return 'TorchRMSprop';
  }
  private squareAvg: { originalName: string; variable: tf.Variable }[] = [];

  constructor(public learningRate: number, readonly alpha = 0.99, readonly epsilon = 1e-8) {
    super();
  }

  applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const names = Array.isArray(variableGradients) ? variableGradients.map((g) => g.name) : Object.keys(variableGradients);
    names.forEach((name, i) => {
      const value = tf.engine().registeredVariables[name];
      this.squareAvg[i] ??= { originalName: `${name}/square_avg`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      const g = Array.isArray(variableGradients) ? variableGradients[i].tensor : variableGradients[name];
      if (g == null) return;
      const v = this.squareAvg[i].variable;
      tf.tidy(() => {
        const nv = tf.add(tf.mul(v, this.alpha), tf.mul(tf.square(g), 1 - this.alpha));
        v.assign(nv);
        value.assign(tf.sub(value, tf.div(tf.mul(g, this.learningRate), tf.add(tf.sqrt(nv), this.epsilon))));
      });
    });
    this.incrementIterations();
  }

  dispose(): void {
    tf.dispose(this.squareAvg.map((s) => s.variable));
  }

  async getWeights(): Promise<NamedTensor[]> {
    return [await this.saveIterations(), ...this.squareAvg.map((s) => ({ name: s.originalName, tensor: s.variable }))];
  }

  async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    this.squareAvg = rest.map((w) => ({ originalName: w.name, variable: w.tensor.variable(false) }));
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, alpha: this.alpha, epsilon: this.epsilon };
  }
}

/**
 * clipGradNorm where the norm cannot be read synchronously (a GPU): the scale is computed on the
 * device, so nothing waits for the queue. Same result, without the norm.
 */
export function clipGradNormOnDevice(grads: tf.NamedTensorMap, maxNorm: number): void {
  if (!(maxNorm > 0)) return;
  const names = Object.keys(grads);
  const scale = tf.tidy(() => tf.minimum(1, tf.div(maxNorm, tf.add(tf.sqrt(tf.addN(names.map((n) => tf.sum(tf.square(grads[n]))))), 1e-6))));
  for (const n of names) { const g = grads[n]; grads[n] = tf.mul(g, scale); g.dispose(); }
  scale.dispose();
}

/** Scales all gradients together so their joint L2 norm is at most maxNorm (torch's clip_grad_norm_); returns the norm before. */
export function clipGradNorm(grads: tf.NamedTensorMap, maxNorm: number): number {
  const names = Object.keys(grads);
  const norm = tf.tidy(() => tf.sqrt(tf.addN(names.map((n) => tf.sum(tf.square(grads[n]))))));
  const total = norm.dataSync()[0];
  norm.dispose();
  if (maxNorm > 0 && total > 0) {
    const scale = Math.min(1, maxNorm / (total + 1e-6));
    if (scale < 1) for (const n of names) { const g = grads[n]; grads[n] = tf.mul(g, scale); g.dispose(); }
  }
  return total;
}
