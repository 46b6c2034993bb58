// Gymnasium's RescaleAction: the agent acts in [minAction, maxAction] (per element or one value
// for all) and the wrapper maps that affinely onto the env's Box. Like Gymnasium, the slope and
// offset are float32 and the map is computed in float32.
import type { Env } from '../env/core.ts';
import { Box } from '../env/spaces.ts';
import { TransformAction } from './transform.ts';

export class RescaleAction<Obs> extends TransformAction<Obs, Float32Array> {
  readonly gradient: Float32Array;
  readonly intercept: Float32Array;

  constructor(env: Env<Obs, Float32Array>, minAction: number | ArrayLike<number>, maxAction: number | ArrayLike<number>) {
    const box = env.actionSpace;
    if (!(box instanceof Box)) throw new TypeError(`RescaleAction needs a Box action space, got ${String(box)}`);
    const full = (v: number | ArrayLike<number>, what: string) => {
      const a = typeof v === 'number' ? new Array<number>(box.size).fill(v) : Array.from(v);
      if (a.length !== box.size) throw new RangeError(`RescaleAction: ${what} has ${a.length} values, the action space ${String(box)} has ${box.size}`);
      return a;
    };
    const lo = full(minAction, 'minAction'), hi = full(maxAction, 'maxAction');
    const gradient = new Float32Array(box.size), intercept = new Float32Array(box.size);
    for (let i = 0; i < box.size; ++i) {
      if (!(lo[i] < hi[i])) throw new RangeError(`RescaleAction: minAction (${lo[i]}) must be below maxAction (${hi[i]}) for every element`);
      const finite = Number.isFinite(lo[i]) && Number.isFinite(hi[i]);
      if (finite !== (Number.isFinite(box.low[i]) && Number.isFinite(box.high[i])))
        throw new RangeError('RescaleAction: an unbounded element of the action space must stay unbounded, and a bounded one bounded');
      gradient[i] = finite ? (hi[i] - lo[i]) / (box.high[i] - box.low[i]) : 1;
      intercept[i] = finite ? Math.fround(gradient[i] * Math.fround(-box.low[i])) + lo[i] : 0;
    }
    super(env, (a) => {
      if (a.length !== box.size) throw new RangeError(`RescaleAction: the action has ${a.length} values, ${box.size} expected`);
      const out = new Float32Array(a.length);
      for (let i = 0; i < a.length; ++i) out[i] = Math.fround(a[i] - intercept[i]) / gradient[i];
      return out;
    }, new Box(lo, hi, box.shape, 'float32'));
    this.gradient = gradient;
    this.intercept = intercept;
  }
}
