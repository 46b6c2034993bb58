// Shared by the backend kernel tests: deterministic inputs, running one function on a backend, and
// comparing results with the cpu backend's within float32 summation-order noise.
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';

/** Deterministic values in [-1, 1). */
export function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

export function rand(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(values(tf.util.sizeFromShape(shape), seed), shape);
}

/** Runs f on each backend in turn (inputs rebuilt on each) and returns the results as arrays. */
export async function runOn(backends: string[], f: () => tf.Tensor | tf.Tensor[]): Promise<Record<string, Float32Array[]>> {
  const result: Record<string, Float32Array[]> = {};
  for (const backend of backends) {
    await tf.setBackend(backend);
    const out = tf.tidy(f);
    const list = Array.isArray(out) ? out : [out];
    result[backend] = list.map((t) => Float32Array.from(t.dataSync() as Float32Array));
    tf.dispose(list);
  }
  return result;
}

/** Largest error relative to the largest reference magnitude below tol; NaN only where the reference has NaN. */
export function expectClose(actual: Float32Array[], expected: Float32Array[], tol = 1e-4): void {
  expect(actual.length).toBe(expected.length);
  for (let t = 0; t < expected.length; t++) {
    expect(actual[t].length, `tensor ${t} size`).toBe(expected[t].length);
    let scale = 0;
    let err = 0;
    for (let i = 0; i < expected[t].length; i++) {
      scale = Math.max(scale, Math.abs(expected[t][i]));
      const d = Math.abs(actual[t][i] - expected[t][i]);
      err = Number.isNaN(d) ? (Number.isNaN(actual[t][i]) && Number.isNaN(expected[t][i]) ? err : Infinity) : Math.max(err, d);
    }
    expect(scale, `tensor ${t} is all zeros`).toBeGreaterThan(0);
    expect(err / scale, `tensor ${t}: max error ${err} vs scale ${scale}`).toBeLessThan(tol);
  }
}
