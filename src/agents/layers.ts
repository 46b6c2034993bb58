// Small custom layers shared by the agents' networks. Registered for serialization so saved
// models load back with tf.loadLayersModel.
import * as tf from '@tensorflow/tfjs';

/** Pixels arrive as raw 0..255 values; the model scales them so callers never build float copies. */
export class ScalePixels extends tf.layers.Layer {
  static className = 'ScalePixels';
  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.div(Array.isArray(inputs) ? inputs[0] : inputs, 255));
  }
  computeOutputShape(shape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return shape;
  }
}

/** Dueling head: Q = V + A - mean(A), from inputs [V (batch, 1), A (batch, actions)]. */
export class DuelingCombine extends tf.layers.Layer {
  static className = 'DuelingCombine';
  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [v, a] = inputs as tf.Tensor[];
      return tf.add(v, tf.sub(a, tf.mean(a, 1, true)));
    });
  }
  computeOutputShape(shape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return (shape as tf.Shape[])[1];
  }
}

tf.serialization.registerClass(ScalePixels);
tf.serialization.registerClass(DuelingCombine);
