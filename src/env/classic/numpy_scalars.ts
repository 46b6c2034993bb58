// NumPy 2's scalar arithmetic, just enough to replay Gymnasium's step() bit for bit. Gymnasium's
// classic envs mix float32 scalars (their state and actions), float64 scalars (a fresh reset
// state) and Python floats; NumPy 2 (NEP 50) rounds a Python float to float32 when it meets a
// float32, and computes float32 with float32 in float32. Doing everything in doubles drifts from
// Gymnasium's trajectories by an ulp a step.

export type Kind = 'float32' | 'float64' | 'python';

export class Scalar {
  constructor(readonly v: number, readonly kind: Kind) {}
}

export const f32 = (v: number) => new Scalar(Math.fround(v), 'float32');
export const f64 = (v: number) => new Scalar(v, 'float64');
export const py = (v: number) => new Scalar(v, 'python');

function promote(a: Scalar, b: Scalar): Kind {
  if (a.kind === 'float64' || b.kind === 'float64') return 'float64';
  if (a.kind === 'float32' || b.kind === 'float32') return 'float32';
  return 'python';
}

function binary(a: Scalar, b: Scalar, f: (x: number, y: number) => number): Scalar {
  const kind = promote(a, b);
  if (kind !== 'float32') return new Scalar(f(a.v, b.v), kind);
  // Both as float32; one float32 operation on them equals the double result rounded once.
  return new Scalar(Math.fround(f(Math.fround(a.v), Math.fround(b.v))), kind);
}

function compare(a: Scalar, b: Scalar, f: (x: number, y: number) => boolean): boolean {
  return promote(a, b) === 'float32' ? f(Math.fround(a.v), Math.fround(b.v)) : f(a.v, b.v);
}

export const add = (a: Scalar, b: Scalar) => binary(a, b, (x, y) => x + y);
export const sub = (a: Scalar, b: Scalar) => binary(a, b, (x, y) => x - y);
export const mul = (a: Scalar, b: Scalar) => binary(a, b, (x, y) => x * y);
export const gt = (a: Scalar, b: Scalar) => compare(a, b, (x, y) => x > y);
export const lt = (a: Scalar, b: Scalar) => compare(a, b, (x, y) => x < y);
export const ge = (a: Scalar, b: Scalar) => compare(a, b, (x, y) => x >= y);
export const eq = (a: Scalar, b: Scalar) => compare(a, b, (x, y) => x === y);

/** Python's max(a, b) / min(a, b): the first argument unless the second is strictly beyond it. */
export const pyMax = (a: Scalar, b: Scalar) => (gt(b, a) ? b : a);
export const pyMin = (a: Scalar, b: Scalar) => (lt(b, a) ? b : a);
