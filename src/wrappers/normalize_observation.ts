// Gymnasium's NormalizeObservation: each observation (those of reset too) updates a running
// mean and variance, then comes out as (obs - mean) / sqrt(var + epsilon) in float32. Set
// updateRunningMean = false to freeze the statistics (evaluation); save and load them with the
// agent, since a policy trained on normalised inputs needs the same normalisation to act.
import { Wrapper, type Env, type ResetResult, type StepResult } from '../env/core.ts';
import { Box, type Space } from '../env/spaces.ts';
import { RunningMeanStd } from './running_mean_std.ts';

export class NormalizeObservation<Act> extends Wrapper<Float32Array, Act> {
  readonly obsRms: RunningMeanStd;
  updateRunningMean = true;
  private readonly space: Box;

  constructor(env: Env<Float32Array, Act>, readonly epsilon = 1e-8) {
    super(env);
    if (!(epsilon > 0)) throw new RangeError(`NormalizeObservation: epsilon must be positive, got ${epsilon}`);
    const inner = env.observationSpace;
    if (!(inner instanceof Box)) throw new TypeError(`NormalizeObservation needs a Box observation space, got ${String(inner)}`);
    this.space = new Box(-Infinity, Infinity, inner.shape, 'float32');
    this.obsRms = new RunningMeanStd(inner.size, 'float32');
  }

  get observationSpace(): Space<Float32Array> {
    return this.space;
  }

  observation(obs: Float32Array): Float32Array {
    if (this.updateRunningMean) this.obsRms.update(obs);
    const { mean, var: v } = this.obsRms;
    const eps = Math.fround(this.epsilon);
    const out = new Float32Array(obs.length);
    for (let i = 0; i < obs.length; ++i) out[i] = Math.fround(obs[i] - mean[i]) / Math.fround(Math.sqrt(Math.fround(v[i] + eps)));
    return out;
  }

  reset(options?: { seed?: number }): ResetResult<Float32Array> {
    const r = this.env.reset(options);
    return { observation: this.observation(r.observation), info: r.info };
  }

  step(action: Act): StepResult<Float32Array> {
    const r = this.env.step(action);
    return { ...r, observation: this.observation(r.observation) };
  }
}
