// The actor-critic networks of PPO and A2C, as CleanRL and SB3 build them, and the two policy
// distributions they need:
// - 'mlp': separate actor and critic towers of two 64-unit tanh layers (ppo.py,
//   ppo_continuous_action.py, SB3's MlpPolicy);
// - 'nature-cnn': the Nature DQN trunk shared by a policy head and a value head (ppo_atari.py,
//   SB3's CnnPolicy), fed raw 0..255 frame stacks [4, 84, 84].
// Weights start orthogonal with gain sqrt(2), the policy head 0.01 and the value head 1, biases 0.
// Discrete actions: a categorical over logits. Box actions: a diagonal Gaussian whose log standard
// deviation is a learnt vector independent of the state (the LogStd layer).
import * as tf from '@tensorflow/tfjs';
import { floatTensor } from '../tf/float_tensor.ts';
import { readFloats } from '../tf/read.ts';
import { Rng } from '../env/rng.ts';
import { ScalePixels } from './layers.ts';

export type ActionSpec = { type: 'discrete'; n: number } | { type: 'box'; size: number };

export interface ActorCriticSpec {
  network: 'mlp' | 'nature-cnn';
  obsShape: number[];
  action: ActionSpec;
  seed: number;
  hidden?: number;     // mlp width, default 64
  logStdInit?: number; // Gaussian policies, default 0
}

/** A learnt log standard deviation per action dimension, broadcast over the batch of action means. */
export class LogStd extends tf.layers.Layer {
  static className = 'LogStd';
  private logStd!: tf.LayerVariable;
  private readonly init: number;
  constructor(args: { init?: number; name?: string; trainable?: boolean }) {
    super(args);
    this.init = args.init ?? 0;
  }
  build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = inputShape as tf.Shape;
    this.logStd = this.addWeight('log_std', [shape[shape.length - 1] as number], 'float32', tf.initializers.constant({ value: this.init }));
    this.built = true;
  }
  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.add(tf.zerosLike(Array.isArray(inputs) ? inputs[0] : inputs), this.logStd.read()));
  }
  computeOutputShape(shape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return shape;
  }
  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), init: this.init };
  }
}
tf.serialization.registerClass(LogStd);

/**
 * Outputs: [logits, value] for discrete actions, [mean, logStd, value] for Box actions; value is
 * [batch, 1].
 */
export function buildActorCritic(spec: ActorCriticSpec): tf.LayersModel {
  const input = tf.input({ shape: spec.obsShape });
  const nOut = spec.action.type === 'discrete' ? spec.action.n : spec.action.size;
  const gains = new Map<string, number>();
  // Layers keep tfjs's generated names: variable names are global, and two agents must coexist.
  const dense = (units: number, gain: number, activation?: 'tanh' | 'relu') => {
    const layer = tf.layers.dense({ units, activation });
    gains.set(layer.name, gain);
    return layer;
  };
  let policyOut: tf.SymbolicTensor, valueOut: tf.SymbolicTensor;
  if (spec.network === 'mlp') {
    const h = spec.hidden ?? 64;
    const tower = (x: tf.SymbolicTensor) => dense(h, Math.SQRT2, 'tanh').apply(dense(h, Math.SQRT2, 'tanh').apply(x)) as tf.SymbolicTensor;
    valueOut = dense(1, 1).apply(tower(input)) as tf.SymbolicTensor;
    policyOut = dense(nOut, 0.01).apply(tower(input)) as tf.SymbolicTensor;
  } else {
    let x = new ScalePixels({}).apply(input) as tf.SymbolicTensor;
    x = tf.layers.permute({ dims: [2, 3, 1] }).apply(x) as tf.SymbolicTensor; // channels last
    for (const [filters, kernelSize, strides] of [[32, 8, 4], [64, 4, 2], [64, 3, 1]]) {
      const conv = tf.layers.conv2d({ filters, kernelSize, strides, activation: 'relu' });
      gains.set(conv.name, Math.SQRT2);
      x = conv.apply(x) as tf.SymbolicTensor;
    }
    x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
    const hidden = dense(512, Math.SQRT2, 'relu').apply(x) as tf.SymbolicTensor;
    policyOut = dense(nOut, 0.01).apply(hidden) as tf.SymbolicTensor;
    valueOut = dense(1, 1).apply(hidden) as tf.SymbolicTensor;
  }
  const outputs = spec.action.type === 'discrete'
    ? [policyOut, valueOut]
    : [policyOut, new LogStd({ init: spec.logStdInit ?? 0 }).apply(policyOut) as tf.SymbolicTensor, valueOut];
  const model = tf.model({ inputs: input, outputs });
  orthogonalInit(model, gains, new Rng(spec.seed * 7877 + 13));
  return model;
}

/** Torch's orthogonal_ (semi-orthogonal kernels times a gain) with our seeded generator, biases zero. */
function orthogonalInit(model: tf.LayersModel, gains: Map<string, number>, rng: Rng): void {
  for (const layer of model.layers) {
    const gain = gains.get(layer.name);
    if (gain === undefined) continue;
    const [kernel, bias] = layer.getWeights(); // the variables' own tensors: not to be disposed
    const shape = kernel.shape;
    const cols = shape[shape.length - 1];
    const rows = kernel.size / cols;
    const q = orthogonalMatrix(rows, cols, rng);
    for (let i = 0; i < q.length; ++i) q[i] *= gain;
    const fresh = [tf.tensor(q, shape), tf.zerosLike(bias)];
    layer.setWeights(fresh);
    tf.dispose(fresh);
  }
}

/** A rows x cols row-major matrix with orthonormal columns (rows >= cols) or rows (rows < cols). */
export function orthogonalMatrix(rows: number, cols: number, rng: Rng): Float32Array {
  const tall = rows >= cols;
  const m = tall ? rows : cols, n = tall ? cols : rows; // work on an m x n matrix, m >= n, column by column
  const a: Float64Array[] = [];
  for (let j = 0; j < n; ++j) {
    const col = new Float64Array(m);
    for (let i = 0; i < m; ++i) col[i] = gaussian(rng);
    a.push(col);
  }
  // Modified Gram-Schmidt twice over: Q of a QR factorisation with R's diagonal positive (the sign fix torch applies).
  for (let j = 0; j < n; ++j) {
    for (let pass = 0; pass < 2; ++pass)
      for (let p = 0; p < j; ++p) {
        let dot = 0;
        for (let i = 0; i < m; ++i) dot += a[p][i] * a[j][i];
        for (let i = 0; i < m; ++i) a[j][i] -= dot * a[p][i];
      }
    let norm = 0;
    for (let i = 0; i < m; ++i) norm += a[j][i] * a[j][i];
    norm = Math.sqrt(norm);
    for (let i = 0; i < m; ++i) a[j][i] /= norm;
  }
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; ++r) for (let c = 0; c < cols; ++c) out[r * cols + c] = tall ? a[c][r] : a[r][c];
  return out;
}

/** A standard normal draw (Box-Muller). */
export function gaussian(rng: Rng): number {
  let u = 0;
  while (u === 0) u = rng.random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.random());
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

export interface ActResult {
  actions: Float32Array;  // [n * actionSize]; discrete: the index
  logProbs: Float32Array; // [n]
  values: Float32Array;   // [n]
}

/**
 * One forward pass on a batch of observations, then actions drawn in JS from the policy (or its
 * mode when deterministic: argmax / the mean).
 */
export function act(model: tf.LayersModel, obs: ArrayLike<number>, n: number, action: ActionSpec, rng: Rng, deterministic = false): ActResult {
  const shape = [n, ...(model.inputs[0].shape.slice(1) as number[])];
  const outs = tf.tidy(() => (model.predict(floatTensor(obs, shape)) as tf.Tensor[]).map((t) => t.dataSync() as Float32Array));
  return drawActions(outs, n, action, rng, deterministic);
}

/** act for loops that may run on a GPU: every head's output for all n observations in one read. */
export async function actAsync(model: tf.LayersModel, obs: ArrayLike<number>, n: number, action: ActionSpec, rng: Rng, deterministic = false): Promise<ActResult> {
  const shape = [n, ...(model.inputs[0].shape.slice(1) as number[])];
  const heads = tf.tidy(() => model.predict(floatTensor(obs, shape)) as tf.Tensor[]);
  try {
    return drawActions(await readFloats(heads), n, action, rng, deterministic);
  } finally {
    tf.dispose(heads);
  }
}

function drawActions(outs: Float32Array[], n: number, action: ActionSpec, rng: Rng, deterministic: boolean): ActResult {
  const values = outs[outs.length - 1];
  const logProbs = new Float32Array(n);
  if (action.type === 'discrete') {
    const logits = outs[0], k = action.n;
    const actions = new Float32Array(n);
    for (let i = 0; i < n; ++i) {
      let max = -Infinity;
      for (let j = 0; j < k; ++j) max = Math.max(max, logits[i * k + j]);
      let sum = 0;
      for (let j = 0; j < k; ++j) sum += Math.exp(logits[i * k + j] - max);
      const logZ = max + Math.log(sum);
      let a = 0;
      if (deterministic) {
        for (let j = 1; j < k; ++j) if (logits[i * k + j] > logits[i * k + a]) a = j;
      } else {
        let u = rng.random(), acc = 0;
        for (a = 0; a < k - 1; ++a) {
          acc += Math.exp(logits[i * k + a] - logZ);
          if (u < acc) break;
        }
      }
      actions[i] = a;
      logProbs[i] = logits[i * k + a] - logZ;
    }
    return { actions, logProbs, values };
  }
  const mean = outs[0], logStd = outs[1], d = action.size;
  const actions = new Float32Array(n * d);
  for (let i = 0; i < n; ++i) {
    let lp = 0;
    for (let j = 0; j < d; ++j) {
      const idx = i * d + j;
      const z = deterministic ? 0 : gaussian(rng);
      actions[idx] = mean[idx] + Math.exp(logStd[idx]) * z;
      const zz = (actions[idx] - mean[idx]) / Math.exp(logStd[idx]);
      lp += -0.5 * zz * zz - logStd[idx] - LOG_SQRT_2PI;
    }
    logProbs[i] = lp;
  }
  return { actions, logProbs, values };
}

/** V(obs) for a batch (bootstrapping), in one read on any backend. */
export async function predictValuesAsync(model: tf.LayersModel, obs: ArrayLike<number>, n: number): Promise<Float32Array> {
  const shape = [n, ...(model.inputs[0].shape.slice(1) as number[])];
  const v = tf.tidy(() => {
    const outs = model.predict(floatTensor(obs, shape)) as tf.Tensor[];
    return outs[outs.length - 1];
  });
  try {
    return (await readFloats([v]))[0];
  } finally {
    v.dispose();
  }
}

/** V(obs) for a batch (bootstrapping). */
export function predictValues(model: tf.LayersModel, obs: ArrayLike<number>, n: number): Float32Array {
  const shape = [n, ...(model.inputs[0].shape.slice(1) as number[])];
  return tf.tidy(() => {
    const outs = model.predict(floatTensor(obs, shape)) as tf.Tensor[];
    return outs[outs.length - 1].dataSync() as Float32Array;
  });
}

/** Log-probabilities of given actions, the policy's entropy and V, as differentiable tensors. */
export function evaluateActions(model: tf.LayersModel, obs: tf.Tensor, actions: tf.Tensor, action: ActionSpec): { logProb: tf.Tensor1D; entropy: tf.Tensor1D; value: tf.Tensor1D } {
  const outs = model.apply(obs, { training: true }) as tf.Tensor[];
  const value = tf.reshape(outs[outs.length - 1], [-1]) as tf.Tensor1D;
  if (action.type === 'discrete') {
    const logp = tf.logSoftmax(outs[0] as tf.Tensor2D);
    const onehot = tf.oneHot(tf.cast(tf.reshape(actions, [-1]), 'int32'), action.n);
    const logProb = tf.sum(tf.mul(logp, onehot), 1) as tf.Tensor1D;
    const entropy = tf.neg(tf.sum(tf.mul(tf.exp(logp), logp), 1)) as tf.Tensor1D;
    return { logProb, entropy, value };
  }
  const [mean, logStd] = outs;
  const a = tf.reshape(actions, mean.shape);
  const z = tf.div(tf.sub(a, mean), tf.exp(logStd));
  const logProb = tf.sum(tf.sub(tf.sub(tf.mul(-0.5, tf.square(z)), logStd), LOG_SQRT_2PI), 1) as tf.Tensor1D;
  const entropy = tf.sum(tf.add(logStd, 0.5 + LOG_SQRT_2PI), 1) as tf.Tensor1D;
  return { logProb, entropy, value };
}
