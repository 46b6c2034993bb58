// Gymnasium's SyncVectorEnv for envs with Box observations (classic control): N envs stepped
// one after another in this thread, their observations batched into one Float32Array.
//
// Autoreset modes, as Gymnasium 1.x defines them:
// - 'next-step' (Gymnasium's default): the step that ends an episode returns its last
//   observation; the next step() resets that env instead of stepping it (its action is ignored,
//   reward 0, terminated/truncated false) and returns the first observation of the new episode.
// - 'same-step': the step that ends an episode resets the env at once and returns the new
//   episode's first observation, with the last one in infos.final_obs[i] and the ending step's
//   info in infos.final_info (SB3's and the Atari vector env's convention).
// - 'disabled': the caller resets ended envs with reset({ resetMask }).
// infos follow Gymnasium: every key of a sub-env's info becomes an array over envs, with a
// boolean mask under `_key` saying which envs set it (nested objects are batched recursively).
import type { Env, Info, RgbFrame } from './core.ts';
import { make } from './registry.ts';
import { Box, Discrete, type Space } from './spaces.ts';

export type AutoresetMode = 'next-step' | 'same-step' | 'disabled';
export const AUTORESET_MODES: readonly AutoresetMode[] = ['next-step', 'same-step', 'disabled'];

export type VectorInfo = Record<string, unknown>;

export interface VectorResetResult {
  observations: Float32Array; // [numEnvs, ...singleObservationSpace.shape], a fresh copy
  infos: VectorInfo;
}

export interface VectorStepResult extends VectorResetResult {
  rewards: Float64Array;
  terminated: Uint8Array;
  truncated: Uint8Array;
}

/** A Discrete env takes one integer, a Box env a Float32Array. */
export type ActionOf<S> = S extends Discrete ? number : Float32Array;

export class SyncVectorEnv<Act extends number | Float32Array = number | Float32Array> {
  readonly envs: Env<Float32Array, Act>[];
  readonly numEnvs: number;
  readonly autoresetMode: AutoresetMode;
  readonly singleObservationSpace: Box;
  readonly singleActionSpace: Space<Act>;
  /** Values per env in observations. */
  readonly obsSize: number;
  /** Values per env in the actions passed to step(): 1 for Discrete, the Box's size otherwise. */
  readonly actionSize: number;
  private readonly autoreset: Uint8Array;
  private readonly lastObs: Float32Array[];
  private closed = false;

  constructor(envFns: readonly (() => Env<Float32Array, Act>)[], options: { autoresetMode?: AutoresetMode } = {}) {
    if (!Array.isArray(envFns) || envFns.length === 0) throw new RangeError('SyncVectorEnv needs at least one env factory, e.g. [() => make("CartPole-v1")]');
    const mode = options.autoresetMode ?? 'next-step';
    if (!AUTORESET_MODES.includes(mode)) throw new RangeError(`autoresetMode must be one of ${AUTORESET_MODES.join(', ')}, got '${mode}'`);
    this.autoresetMode = mode;
    this.envs = envFns.map((f) => f());
    this.numEnvs = this.envs.length;
    const obsSpace = this.envs[0].observationSpace;
    if (!(obsSpace instanceof Box)) throw new TypeError(`SyncVectorEnv batches Box observations; this env's observation space is ${String(obsSpace)}`);
    this.singleObservationSpace = obsSpace;
    this.singleActionSpace = this.envs[0].actionSpace;
    for (const [i, e] of this.envs.entries()) {
      if (String(e.observationSpace) !== String(obsSpace)) throw new Error(`env ${i}'s observation space ${String(e.observationSpace)} differs from env 0's ${String(obsSpace)}`);
      if (String(e.actionSpace) !== String(this.singleActionSpace)) throw new Error(`env ${i}'s action space ${String(e.actionSpace)} differs from env 0's ${String(this.singleActionSpace)}`);
    }
    this.obsSize = obsSpace.size;
    const act = this.singleActionSpace as unknown as Space<unknown>;
    if (act instanceof Discrete) this.actionSize = 1;
    else if (act instanceof Box) this.actionSize = act.size;
    else throw new TypeError(`SyncVectorEnv supports Discrete and Box action spaces, got ${String(act)}`);
    this.autoreset = new Uint8Array(this.numEnvs);
    this.lastObs = new Array<Float32Array>(this.numEnvs).fill(new Float32Array(this.obsSize));
  }

  /**
   * Resets every env (or those in resetMask). `seed`: a number s seeds env i with s + i; an array
   * gives each env's seed (undefined: no seed); omitted: no seeds, the generators go on.
   */
  reset(options: { seed?: number | readonly (number | undefined)[]; resetMask?: ArrayLike<boolean | number> } = {}): VectorResetResult {
    this.assertOpen();
    const { seed, resetMask } = options;
    const seeds = seed === undefined ? new Array(this.numEnvs).fill(undefined) : typeof seed === 'number' ? this.envs.map((_, i) => seed + i) : [...seed];
    if (seeds.length !== this.numEnvs) throw new RangeError(`reset: pass one seed per env (${this.numEnvs}), got ${seeds.length}`);
    if (resetMask !== undefined) {
      if (resetMask.length !== this.numEnvs) throw new RangeError(`reset: resetMask needs ${this.numEnvs} entries, got ${resetMask.length}`);
      if (!Array.from(resetMask).some(Boolean)) throw new RangeError('reset: resetMask selects no env');
    }
    let infos: VectorInfo = {};
    for (let i = 0; i < this.numEnvs; ++i) {
      if (resetMask !== undefined && !resetMask[i]) continue;
      const r = this.envs[i].reset(seeds[i] === undefined ? {} : { seed: seeds[i] });
      this.lastObs[i] = this.checkObs(r.observation, i);
      this.autoreset[i] = 0;
      infos = addInfo(infos, r.info, i, this.numEnvs);
    }
    return { observations: this.batch(), infos };
  }

  /** actions: numEnvs integers (Discrete) or numEnvs * actionSize floats, env i's at i * actionSize. */
  step(actions: ArrayLike<number>): VectorStepResult {
    this.assertOpen();
    if (actions?.length !== this.numEnvs * this.actionSize)
      throw new RangeError(`step: need ${this.numEnvs * this.actionSize} action values (${this.numEnvs} envs x ${this.actionSize}), got ${actions?.length}`);
    const rewards = new Float64Array(this.numEnvs);
    const terminated = new Uint8Array(this.numEnvs);
    const truncated = new Uint8Array(this.numEnvs);
    let infos: VectorInfo = {};
    for (let i = 0; i < this.numEnvs; ++i) {
      const env = this.envs[i];
      if (this.autoresetMode === 'next-step' && this.autoreset[i]) {
        const r = env.reset();
        this.lastObs[i] = this.checkObs(r.observation, i);
        infos = addInfo(infos, r.info, i, this.numEnvs);
        continue;
      }
      if (this.autoresetMode === 'disabled' && this.autoreset[i])
        throw new Error(`step: env ${i}'s episode has ended; with autoresetMode 'disabled' reset it first (reset({ resetMask }))`);
      const r = env.step(this.actionFor(actions, i));
      rewards[i] = r.reward;
      terminated[i] = r.terminated ? 1 : 0;
      truncated[i] = r.truncated ? 1 : 0;
      let info = r.info;
      let obs = this.checkObs(r.observation, i);
      if (this.autoresetMode === 'same-step' && (r.terminated || r.truncated)) {
        infos = addInfo(infos, { final_obs: obs, final_info: r.info }, i, this.numEnvs);
        const rr = env.reset();
        obs = this.checkObs(rr.observation, i);
        info = rr.info;
      }
      this.lastObs[i] = obs;
      infos = addInfo(infos, info, i, this.numEnvs);
    }
    for (let i = 0; i < this.numEnvs; ++i) this.autoreset[i] = terminated[i] | truncated[i];
    return { observations: this.batch(), rewards, terminated, truncated, infos };
  }

  render(): RgbFrame[] {
    return this.envs.map((e) => e.render());
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const e of this.envs) e.close();
  }

  private actionFor(actions: ArrayLike<number>, i: number): Act {
    if (this.actionSize === 1 && this.singleActionSpace instanceof Discrete) return actions[i] as Act;
    const a = new Float32Array(this.actionSize);
    for (let k = 0; k < this.actionSize; ++k) a[k] = actions[i * this.actionSize + k];
    return a as Act;
  }

  private checkObs(obs: Float32Array, i: number): Float32Array {
    if (obs?.length !== this.obsSize) throw new Error(`env ${i} returned an observation of ${obs?.length} values, its space ${String(this.singleObservationSpace)} has ${this.obsSize}`);
    return obs;
  }

  private batch(): Float32Array {
    const out = new Float32Array(this.numEnvs * this.obsSize);
    for (let i = 0; i < this.numEnvs; ++i) out.set(this.lastObs[i], i * this.obsSize);
    return out;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('this SyncVectorEnv is closed');
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !ArrayBuffer.isView(v) && !Array.isArray(v);

/** Gymnasium's VectorEnv._add_info: env i's info merged into the batched infos. */
export function addInfo(infos: VectorInfo, info: Info, i: number, numEnvs: number): VectorInfo {
  for (const [key, value] of Object.entries(info)) {
    let array: unknown;
    if (key === 'final_obs') {
      const a = (infos[key] as unknown[] | undefined) ?? new Array(numEnvs).fill(undefined);
      a[i] = value;
      array = a;
    } else if (isPlainObject(value)) {
      array = addInfo((infos[key] as VectorInfo | undefined) ?? {}, value, i, numEnvs);
    } else {
      const a = (infos[key] as { [k: number]: unknown } | undefined)
        ?? (typeof value === 'number' ? new Float64Array(numEnvs) : typeof value === 'boolean' ? new Array(numEnvs).fill(false) : new Array(numEnvs).fill(undefined));
      a[i] = value;
      array = a;
    }
    const mask = (infos[`_${key}`] as boolean[] | undefined) ?? new Array<boolean>(numEnvs).fill(false);
    mask[i] = true;
    infos[key] = array;
    infos[`_${key}`] = mask;
  }
  return infos;
}

/** gym.make_vec(id, numEnvs, vectorization_mode="sync"): each env made by make(id), then `wrap`. */
export function makeSyncVectorEnv<Act extends number | Float32Array = number | Float32Array>(
  id: string, numEnvs: number,
  options: { autoresetMode?: AutoresetMode; wrap?: (env: Env<Float32Array, Act>, index: number) => Env<Float32Array, Act>; kwargs?: Record<string, unknown> } = {},
): SyncVectorEnv<Act> {
  if (!Number.isInteger(numEnvs) || numEnvs < 1) throw new RangeError(`numEnvs must be a positive integer, got ${numEnvs}`);
  const wrap = options.wrap ?? ((e) => e);
  return new SyncVectorEnv<Act>(
    Array.from({ length: numEnvs }, (_, i) => () => wrap(make(id, options.kwargs) as unknown as Env<Float32Array, Act>, i)),
    { autoresetMode: options.autoresetMode },
  );
}
