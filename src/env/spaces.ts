// Action and observation spaces, as Gymnasium defines them.
import { Rng } from './rng.ts';

export type DType = 'uint8' | 'float32' | 'int32';
export type TypedArrayOf<D extends DType> = D extends 'uint8' ? Uint8Array : D extends 'float32' ? Float32Array : Int32Array;

export abstract class Space<T> {
  protected rng = new Rng(0);
  seed(seed: number): void {
    this.rng.seed(seed);
  }
  abstract sample(): T;
  abstract contains(x: unknown): boolean;
}

/** {start, ..., start + n - 1}. */
export class Discrete extends Space<number> {
  constructor(readonly n: number, readonly start = 0) {
    super();
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`Discrete(n): n must be a positive integer, got ${n}`);
  }
  sample(): number {
    return this.start + this.rng.integers(0, this.n);
  }
  contains(x: unknown): boolean {
    return typeof x === 'number' && Number.isInteger(x) && x >= this.start && x < this.start + this.n;
  }
  toString(): string {
    return `Discrete(${this.n})`;
  }
}

/** An n-dimensional box with per-element bounds, row-major. */
export class Box<D extends DType = 'float32'> extends Space<TypedArrayOf<D>> {
  readonly low: Float64Array;
  readonly high: Float64Array;
  readonly size: number;

  constructor(low: number | ArrayLike<number>, high: number | ArrayLike<number>, readonly shape: number[], readonly dtype: D) {
    super();
    this.size = shape.reduce((a, b) => a * b, 1);
    const fill = (v: number | ArrayLike<number>, what: string) => {
      const out = new Float64Array(this.size);
      if (typeof v === 'number') out.fill(v);
      else {
        if (v.length !== this.size) throw new RangeError(`Box ${what} has ${v.length} values, shape needs ${this.size}`);
        out.set(Array.from(v));
      }
      return out;
    };
    this.low = fill(low, 'low');
    this.high = fill(high, 'high');
  }

  private alloc(): TypedArrayOf<D> {
    const ctor = this.dtype === 'uint8' ? Uint8Array : this.dtype === 'float32' ? Float32Array : Int32Array;
    return new ctor(this.size) as TypedArrayOf<D>;
  }

  sample(): TypedArrayOf<D> {
    const out = this.alloc();
    for (let i = 0; i < this.size; ++i) {
      const lo = Number.isFinite(this.low[i]) ? this.low[i] : -1e6;
      const hi = Number.isFinite(this.high[i]) ? this.high[i] : 1e6;
      out[i] = this.dtype === 'float32' ? this.rng.uniform(lo, hi) : Math.floor(this.rng.uniform(lo, hi + 1));
    }
    return out;
  }

  contains(x: unknown): boolean {
    if (!ArrayBuffer.isView(x) || (x as unknown as ArrayLike<number>).length !== this.size) return false;
    const a = x as unknown as ArrayLike<number>;
    for (let i = 0; i < this.size; ++i) if (!(a[i] >= this.low[i] && a[i] <= this.high[i])) return false;
    return true;
  }

  toString(): string {
    return `Box(${this.shape.join(', ')}, ${this.dtype})`;
  }
}
