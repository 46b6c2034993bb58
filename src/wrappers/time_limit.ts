// Truncates an episode after a fixed number of steps, as Gymnasium's TimeLimit.
import { Wrapper, type Env, type ResetResult, type StepResult } from '../env/core.ts';

export class TimeLimit<Obs, Act> extends Wrapper<Obs, Act> {
  private elapsed = 0;
  constructor(env: Env<Obs, Act>, readonly maxEpisodeSteps: number) {
    super(env);
    if (!Number.isInteger(maxEpisodeSteps) || maxEpisodeSteps <= 0)
      throw new RangeError(`TimeLimit: maxEpisodeSteps must be a positive integer, got ${maxEpisodeSteps}`);
  }
  reset(options?: { seed?: number }): ResetResult<Obs> {
    this.elapsed = 0;
    return this.env.reset(options);
  }
  step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    this.elapsed++;
    return this.elapsed >= this.maxEpisodeSteps ? { ...r, truncated: true } : r;
  }
}
