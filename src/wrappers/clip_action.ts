// Gymnasium's ClipAction: actions are clipped into the env's Box before the env sees them, and
// the wrapper's action space is unbounded (any real action is accepted).
import type { Env } from '../env/core.ts';
import { Box } from '../env/spaces.ts';
import { TransformAction } from './transform.ts';

export class ClipAction<Obs> extends TransformAction<Obs, Float32Array> {
  constructor(env: Env<Obs, Float32Array>) {
    const box = env.actionSpace;
    if (!(box instanceof Box)) throw new TypeError(`ClipAction needs a Box action space, got ${String(box)}: it is for continuous actions`);
    super(env, (a) => {
      if (a.length !== box.size) throw new RangeError(`ClipAction: the action has ${a.length} values, the env's ${String(box)} needs ${box.size}`);
      const out = new Float32Array(a.length);
      for (let i = 0; i < a.length; ++i) out[i] = Math.min(Math.max(a[i], box.low[i]), box.high[i]);
      return out;
    }, new Box(-Infinity, Infinity, box.shape, 'float32'));
  }
}
