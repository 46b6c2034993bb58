// Uniform replay of small state-vector transitions (classic control): a ring of fixed arrays.
import { Rng } from '../env/rng.ts';

export class VectorReplay {
  private readonly obs: Float32Array;
  private readonly nextObs: Float32Array;
  private readonly actions: Int32Array;
  private readonly rewards: Float32Array;
  private readonly dones: Float32Array;
  private next = 0;
  private count = 0;
  private readonly rng: Rng;
  private readonly batch = new Map<number, { obs: Float32Array; nextObs: Float32Array; actions: Int32Array; rewards: Float32Array; dones: Float32Array }>();

  constructor(readonly capacity: number, readonly dim: number, seed = 0) {
    this.obs = new Float32Array(capacity * dim);
    this.nextObs = new Float32Array(capacity * dim);
    this.actions = new Int32Array(capacity);
    this.rewards = new Float32Array(capacity);
    this.dones = new Float32Array(capacity);
    this.rng = new Rng(seed);
  }

  get size(): number {
    return this.count;
  }

  /** `terminated` only: a time-limit truncation still bootstraps from the next state. */
  add(obs: ArrayLike<number>, action: number, reward: number, nextObs: ArrayLike<number>, terminated: boolean): void {
    const i = this.next;
    this.obs.set(obs, i * this.dim);
    this.nextObs.set(nextObs, i * this.dim);
    this.actions[i] = action;
    this.rewards[i] = reward;
    this.dones[i] = terminated ? 1 : 0;
    this.next = (i + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  sample(n: number) {
    let b = this.batch.get(n);
    if (!b) {
      b = { obs: new Float32Array(n * this.dim), nextObs: new Float32Array(n * this.dim), actions: new Int32Array(n), rewards: new Float32Array(n), dones: new Float32Array(n) };
      this.batch.set(n, b);
    }
    for (let k = 0; k < n; ++k) {
      const i = this.rng.integers(0, this.count);
      b.obs.set(this.obs.subarray(i * this.dim, (i + 1) * this.dim), k * this.dim);
      b.nextObs.set(this.nextObs.subarray(i * this.dim, (i + 1) * this.dim), k * this.dim);
      b.actions[k] = this.actions[i];
      b.rewards[k] = this.rewards[i];
      b.dones[k] = this.dones[i];
    }
    return b;
  }
}
