// Gymnasium's NormalizeReward: rewards are divided by the running standard deviation of a
// discounted sum of rewards (reset at terminations), which keeps their scale near one without
// shifting them. Set updateRunningMean = false to freeze the statistics.
import { Wrapper, type Env, type StepResult } from '../env/core.ts';
import { RunningMeanStd } from './running_mean_std.ts';

export class NormalizeReward<Obs, Act> extends Wrapper<Obs, Act> {
  readonly returnRms = new RunningMeanStd(1, 'float64');
  discountedReward = 0;
  updateRunningMean = true;

  constructor(env: Env<Obs, Act>, readonly gamma = 0.99, readonly epsilon = 1e-8) {
    super(env);
    if (!(gamma >= 0 && gamma <= 1)) throw new RangeError(`NormalizeReward: gamma must be within [0, 1], got ${gamma}`);
    if (!(epsilon > 0)) throw new RangeError(`NormalizeReward: epsilon must be positive, got ${epsilon}`);
  }

  step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    // Gymnasium resets the sum at terminations only (not truncations), kept for compatibility.
    this.discountedReward = this.discountedReward * this.gamma * (r.terminated ? 0 : 1) + r.reward;
    if (this.updateRunningMean) this.returnRms.update([this.discountedReward]);
    return { ...r, reward: r.reward / Math.sqrt(this.returnRms.var[0] + this.epsilon) };
  }
}
