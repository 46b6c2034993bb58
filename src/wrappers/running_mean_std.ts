// Running mean and variance of a stream of vectors (Chan et al.'s parallel update), as
// Gymnasium's RunningMeanStd: the count starts at 1e-4, the mean at 0 and the variance at 1.
// With dtype 'float32' every operation rounds to float32 as NumPy does on float32 arrays (the
// statistics NormalizeObservation keeps); 'float64' is NormalizeReward's.
export class RunningMeanStd {
  readonly mean: Float64Array;
  readonly var: Float64Array;
  count: number;
  private readonly r: (x: number) => number;

  constructor(readonly size: number, readonly dtype: 'float32' | 'float64' = 'float64', epsilon = 1e-4) {
    this.mean = new Float64Array(size);
    this.var = new Float64Array(size).fill(1);
    this.count = epsilon;
    this.r = dtype === 'float32' ? Math.fround : (x) => x;
  }

  /** Adds one sample (the batch of one that the single-env wrappers pass). */
  update(x: ArrayLike<number>): void {
    if (x.length !== this.size) throw new RangeError(`RunningMeanStd: expected ${this.size} values, got ${x.length}`);
    const r = this.r;
    const tot = this.count + 1;
    const totR = r(tot), countR = r(this.count);
    for (let i = 0; i < this.size; ++i) {
      // batch mean = x, batch variance = 0, batch count = 1
      const delta = r(r(x[i]) - this.mean[i]);
      this.mean[i] = r(this.mean[i] + r(delta / totR));
      const m2 = r(r(this.var[i] * countR) + r(r(r(delta * delta) * countR) / totR));
      this.var[i] = r(m2 / totR);
    }
    this.count = tot;
  }

  /** The statistics as plain data, for checkpoints. */
  toJSON(): { mean: number[]; var: number[]; count: number } {
    return { mean: Array.from(this.mean), var: Array.from(this.var), count: this.count };
  }

  load(s: { mean: number[]; var: number[]; count: number }): void {
    if (s.mean.length !== this.size || s.var.length !== this.size) throw new Error(`saved statistics have ${s.mean.length} values, this wrapper needs ${this.size}`);
    this.mean.set(s.mean);
    this.var.set(s.var);
    this.count = s.count;
  }
}
