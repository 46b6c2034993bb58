// Observation = the last k frames as LazyFrames. After reset every slot holds the reset frame
// ('reset' padding) or zeros ('zero' padding), as Gymnasium's FrameStackObservation offers.
import { Wrapper, type Env, type ResetResult, type StepResult } from '../env/core.ts';
import { LazyFrames } from './lazy_frames.ts';

export class FrameStack<Act> extends Wrapper<LazyFrames, Act, Uint8Array, Act> {
  private frames: Uint8Array[] = [];
  constructor(env: Env<Uint8Array, Act>, readonly k: number, readonly padding: 'reset' | 'zero' = 'reset') {
    super(env);
    if (!Number.isInteger(k) || k <= 0) throw new RangeError(`FrameStack: k must be a positive integer, got ${k}`);
  }
  reset(options?: { seed?: number }): ResetResult<LazyFrames> {
    const r = this.env.reset(options);
    // Frames are kept by reference: copy so the inner env may reuse its buffer.
    const first = r.observation.slice();
    const pad = this.padding === 'zero' ? new Uint8Array(first.length) : first;
    this.frames = Array.from({ length: this.k }, (_, i) => (i === this.k - 1 ? first : pad));
    return { observation: new LazyFrames(this.frames.slice()), info: r.info };
  }
  step(action: Act): StepResult<LazyFrames> {
    const r = this.env.step(action);
    this.frames = [...this.frames.slice(1), r.observation.slice()];
    return { ...r, observation: new LazyFrames(this.frames.slice()) };
  }
}
