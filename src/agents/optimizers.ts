// AdamW (Adam with decoupled weight decay, Loshchilov & Hutter), which tfjs does not ship:
// each step first shrinks the weights by lr * weightDecay, then applies Adam's update.
import * as tf from '@tensorflow/tfjs';

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
