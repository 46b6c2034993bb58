// The environment interface, shaped like Gymnasium's: reset() -> { observation, info },
// step(action) -> { observation, reward, terminated, truncated, info }.
import type { Space } from './spaces.ts';

export type Info = Record<string, unknown>;

export interface ResetResult<Obs> {
  observation: Obs;
  info: Info;
}

export interface StepResult<Obs> {
  observation: Obs;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  info: Info;
}

/** An RGB image, rows of width * 3 bytes. */
export interface RgbFrame {
  data: Uint8Array;
  width: number;
  height: number;
}

export interface EnvSpec {
  id: string;
  maxEpisodeSteps?: number;
  kwargs: Record<string, unknown>;
}

export abstract class Env<Obs, Act> {
  abstract readonly observationSpace: Space<Obs>;
  abstract readonly actionSpace: Space<Act>;
  spec?: EnvSpec;
  /** Frames per second at which render() frames play in real time (Gymnasium's metadata render_fps). */
  readonly renderFps?: number;

  /** `seed` re-seeds the environment's generator; without it the generator continues. */
  abstract reset(options?: { seed?: number }): ResetResult<Obs>;
  abstract step(action: Act): StepResult<Obs>;
  render(): RgbFrame {
    throw new Error(`${this.constructor.name} does not render`);
  }
  close(): void {}
  get unwrapped(): Env<unknown, unknown> {
    return this as Env<unknown, unknown>;
  }
}

/** Wraps an environment; by default every call passes straight through. */
export class Wrapper<Obs, Act, InnerObs = Obs, InnerAct = Act> extends Env<Obs, Act> {
  constructor(readonly env: Env<InnerObs, InnerAct>) {
    super();
    this.spec = env.spec;
  }
  get observationSpace(): Space<Obs> {
    return this.env.observationSpace as unknown as Space<Obs>;
  }
  get actionSpace(): Space<Act> {
    return this.env.actionSpace as unknown as Space<Act>;
  }
  reset(options?: { seed?: number }): ResetResult<Obs> {
    return this.env.reset(options) as unknown as ResetResult<Obs>;
  }
  step(action: Act): StepResult<Obs> {
    return this.env.step(action as unknown as InnerAct) as unknown as StepResult<Obs>;
  }
  render(): RgbFrame {
    return this.env.render();
  }
  close(): void {
    this.env.close();
  }
  get unwrapped(): Env<unknown, unknown> {
    return this.env.unwrapped;
  }
}

export abstract class ObservationWrapper<Obs, Act, InnerObs> extends Wrapper<Obs, Act, InnerObs, Act> {
  abstract observation(obs: InnerObs): Obs;
  reset(options?: { seed?: number }): ResetResult<Obs> {
    const r = this.env.reset(options);
    return { observation: this.observation(r.observation), info: r.info };
  }
  step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    return { ...r, observation: this.observation(r.observation) };
  }
}

export abstract class RewardWrapper<Obs, Act> extends Wrapper<Obs, Act> {
  abstract reward(r: number): number;
  step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    return { ...r, reward: this.reward(r.reward) };
  }
}

export abstract class ActionWrapper<Obs, Act, InnerAct> extends Wrapper<Obs, Act, Obs, InnerAct> {
  abstract action(a: Act): InnerAct;
  step(action: Act): StepResult<Obs> {
    return this.env.step(this.action(action));
  }
}
