// Hands every frame the wrapped env shows to a callback: its render() after each reset and
// each step. Directly above an AtariEnv with frameskip 1 that is every emulated frame, even
// when wrappers above (MaxAndSkip, NoopReset, FireReset) step several frames per call.
import { Wrapper, type Env, type RgbFrame, type ResetResult, type StepResult } from '../env/core.ts';

export interface TapEvent {
  /** The reward of this step (0 for a reset). */
  reward: number;
  reset: boolean;
}

export class FrameTap<Obs, Act> extends Wrapper<Obs, Act> {
  constructor(env: Env<Obs, Act>, readonly onFrame: (frame: RgbFrame, event: TapEvent) => void) {
    super(env);
  }
  reset(options?: { seed?: number }): ResetResult<Obs> {
    const r = this.env.reset(options);
    this.onFrame(this.env.render(), { reward: 0, reset: true });
    return r;
  }
  step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    this.onFrame(this.env.render(), { reward: r.reward, reset: false });
    return r;
  }
}
