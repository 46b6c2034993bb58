// Gymnasium's TransformObservation, TransformReward and TransformAction: apply a function to
// every observation (reset and step), reward or action. Pass the new space when the function
// changes the observation's or action's shape or bounds.
import { Wrapper, type Env, type ResetResult, type StepResult } from '../env/core.ts';
import type { Space } from '../env/spaces.ts';

export class TransformObservation<Obs, Act, InnerObs = Obs> extends Wrapper<Obs, Act, InnerObs, Act> {
  constructor(env: Env<InnerObs, Act>, readonly func: (obs: InnerObs) => Obs, private readonly space?: Space<Obs>) {
    super(env);
  }
  get observationSpace(): Space<Obs> {
    return this.space ?? (this.env.observationSpace as unknown as Space<Obs>);
  }
  reset(options?: { seed?: number }): ResetResult<Obs> {
    const r = this.env.reset(options);
    return { observation: this.func(r.observation), info: r.info };
  }
  step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    return { ...r, observation: this.func(r.observation) };
  }
}

export class TransformReward<Obs, Act> extends Wrapper<Obs, Act> {
  constructor(env: Env<Obs, Act>, readonly func: (reward: number) => number) {
    super(env);
  }
  step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    return { ...r, reward: this.func(r.reward) };
  }
}

export class TransformAction<Obs, Act, InnerAct = Act> extends Wrapper<Obs, Act, Obs, InnerAct> {
  constructor(env: Env<Obs, InnerAct>, readonly func: (action: Act) => InnerAct, private readonly space?: Space<Act>) {
    super(env);
  }
  get actionSpace(): Space<Act> {
    return this.space ?? (this.env.actionSpace as unknown as Space<Act>);
  }
  step(action: Act): StepResult<Obs> {
    return this.env.step(this.func(action));
  }
}

/** np.clip over a float32 vector, e.g. `new TransformObservation(env, clipVector(-10, 10))`. */
export const clipVector = (low: number, high: number) => (x: Float32Array): Float32Array => {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; ++i) out[i] = Math.min(Math.max(x[i], low), high);
  return out;
};
