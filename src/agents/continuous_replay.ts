// Uniform replay of transitions with real-valued action vectors (DDPG, TD3): a ring of fixed arrays.
import { Rng } from '../env/rng.ts';

export interface ContinuousBatch {
  obs: Float32Array;
  nextObs: Float32Array;
  actions: Float32Array;
  rewards: Float32Array;
  dones: Float32Array;
  size: number;
}

export class ContinuousReplay {
  private readonly obs: Float32Array;
  private readonly nextObs: Float32Array;
  private readonly actions: Float32Array;
  private readonly rewards: Float32Array;
  private readonly dones: Float32Array;
  private next = 0;
  private count = 0;
  private readonly rng: Rng;

  constructor(readonly capacity: number, readonly obsDim: number, readonly actDim: number, seed = 0) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`replay capacity must be a positive integer, got ${capacity}`);
    this.obs = new Float32Array(capacity * obsDim);
    this.nextObs = new Float32Array(capacity * obsDim);
    this.actions = new Float32Array(capacity * actDim);
    this.rewards = new Float32Array(capacity);
    this.dones = new Float32Array(capacity);
    this.rng = new Rng(seed);
  }

  get size(): number {
    return this.count;
  }

  /** `terminated` only: after a time limit the next state still has a value to bootstrap from. */
  add(obs: ArrayLike<number>, action: ArrayLike<number>, reward: number, nextObs: ArrayLike<number>, terminated: boolean): void {
    const i = this.next;
    this.obs.set(obs, i * this.obsDim);
    this.nextObs.set(nextObs, i * this.obsDim);
    this.actions.set(action, i * this.actDim);
    this.rewards[i] = reward;
    this.dones[i] = terminated ? 1 : 0;
    this.next = (i + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  sample(n: number): ContinuousBatch {
    if (this.count === 0) throw new Error('sample: the replay buffer is empty');
    const b: ContinuousBatch = {
      obs: new Float32Array(n * this.obsDim), nextObs: new Float32Array(n * this.obsDim), actions: new Float32Array(n * this.actDim),
      rewards: new Float32Array(n), dones: new Float32Array(n), size: n,
    };
    const { obsDim: d, actDim: a } = this;
    for (let k = 0; k < n; ++k) {
      const i = this.rng.integers(0, this.count);
      b.obs.set(this.obs.subarray(i * d, (i + 1) * d), k * d);
      b.nextObs.set(this.nextObs.subarray(i * d, (i + 1) * d), k * d);
      b.actions.set(this.actions.subarray(i * a, (i + 1) * a), k * a);
      b.rewards[k] = this.rewards[i];
      b.dones[k] = this.dones[i];
    }
    return b;
  }
}
