// N Atari envs with the DeepMind pipeline, stepped in native code by a pool of threads: the same
// results as N `wrapDeepMind(make(id, { obsType: 'none' }))` envs with the same seeds, written in
// place into arrays allocated once.
import { availableParallelism } from 'node:os';

import { native } from '../native.ts';
import type { DeepMindOptions } from '../wrappers/atari_wrappers.ts';
import { AtariEnv, type AtariOptions } from './atari.ts';
import { make } from './registry.ts';
import { loadRom } from './roms.ts';
import { Discrete } from './spaces.ts';

/** The DeepMind pipeline's options, and make(id)'s options over the id's defaults. */
export interface AtariVectorEnvOptions extends DeepMindOptions, Omit<AtariOptions, 'game' | 'obsType'> {
  /** Number of envs. Default 1. */
  numEnvs?: number;
  /** Stepping threads, 1..numEnvs (the calling thread is one of them). Default min(numEnvs, CPU count). */
  numThreads?: number;
  maxEpisodeSteps?: number;
}

/**
 * The arrays a reset or step writes, the same objects every time (copy what you keep: the next
 * step overwrites them). Per env i:
 * - observations: Uint8Array [numEnvs, frameStack, size, size], env i's stack (oldest frame first)
 *   at offset i * frameStack * size * size. After an episode end this is already the first stack of
 *   the next episode;
 * - finalObservations (same layout) and hasFinalObservation[i] = 1: the last stack of the episode
 *   that ended in this step (entries of other envs are stale);
 * - rewards (clipped to their sign unless clipRewards is false), rawRewards: Float32Array;
 * - terminated, truncated: Uint8Array 0/1 (terminated includes a lost life with episodicLife);
 * - lives: Int32Array, info.lives of the step (of the reset after reset());
 * - episodeEnded[i] = 1 where a real game ended (RecordEpisodeStatistics' info.episode), with its
 *   raw return in episodeReturns (Float64Array) and its length in AtariEnv steps in episodeLengths.
 */
export interface VectorResult {
  observations: Uint8Array;
  finalObservations: Uint8Array;
  hasFinalObservation: Uint8Array;
  rewards: Float32Array;
  rawRewards: Float32Array;
  terminated: Uint8Array;
  truncated: Uint8Array;
  lives: Int32Array;
  episodeEnded: Uint8Array;
  episodeReturns: Float64Array;
  episodeLengths: Int32Array;
}

const MAX_SEED = 2 ** 31 - 1;

export class AtariVectorEnv {
  readonly id: string;
  readonly numEnvs: number;
  readonly numThreads: number;
  /** The action space of each env. */
  readonly singleActionSpace: Discrete;
  readonly actionMeanings: string[];
  /** [numEnvs, frameStack, size, size] */
  readonly observationShape: [number, number, number, number];
  readonly result: VectorResult;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private readonly handle: any;
  private readonly actionBuf: Int32Array;
  private readonly seeded: Uint8Array;
  private readonly seeds: Uint32Array;

  constructor(id: string, options: AtariVectorEnvOptions = {}) {
    const { numEnvs = 1, numThreads, noopMax, frameSkip, episodicLife, fireReset, clipRewards, frameStack, size, ...makeOptions } = options;
    if (!Number.isInteger(numEnvs) || numEnvs < 1 || numEnvs > 4096)
      throw new RangeError(`numEnvs must be an integer within 1..4096 (e.g. numEnvs: 8), got ${numEnvs}`);
    const threads = numThreads ?? Math.min(numEnvs, availableParallelism());
    if (!Number.isInteger(threads) || threads < 1 || threads > numEnvs)
      throw new RangeError(`numThreads must be an integer within 1..numEnvs (${numEnvs}): each thread steps a slice of the envs; got ${numThreads}`);
    for (const [key, v] of Object.entries({ noopMax, frameSkip, frameStack, size }))
      if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw new RangeError(`${key} must be an integer >= 1, got ${v}`);

    // make() checks the id and its options and gives the defaults; this probe env is not stepped.
    const kwargs = Object.fromEntries(Object.entries(makeOptions).filter(([, v]) => v !== undefined));
    const probe = make(id, { ...kwargs, obsType: 'none' });
    const atari = probe.unwrapped;
    if (!(atari instanceof AtariEnv)) {
      probe.close();
      throw new Error(`AtariVectorEnv runs Atari ids (ALE/Name-v5, NameNoFrameskip-v4, Name-v4); '${id}' is not one`);
    }
    const spec = probe.spec!;
    const meanings = atari.actionMeanings();
    const actions = atari.actions.slice();
    const romPath = atari.ale.romPath;
    const info = atari.ale.info();
    probe.close();
    if (meanings[0] !== 'NOOP') throw new Error('the noop reset needs action 0 to be NOOP');
    const { bytes, md5 } = loadRom(romPath);
    const fs = atari.frameskip;
    const rap = spec.kwargs.repeatActionProbability;
    this.handle = new (native().NativeVectorEnv)(bytes, md5, {
      numEnvs,
      numThreads: threads,
      actions,
      frameskipMin: Array.isArray(fs) ? fs[0] : fs,
      frameskipMax: Array.isArray(fs) ? fs[1] : 0,
      maxEpisodeSteps: spec.maxEpisodeSteps ?? 0,
      repeatActionProbability: typeof rap === 'number' ? rap : 0.25,
      maxFramesPerEpisode: (spec.kwargs.maxNumFramesPerEpisode as number | undefined) ?? 0,
      mode: info.mode,
      difficulty: info.difficulty,
      noopMax: noopMax ?? 30,
      frameSkip: frameSkip ?? 4,
      episodicLife: episodicLife ?? true,
      fireReset: (fireReset ?? true) && meanings[1] === 'FIRE' && meanings.length >= 3,
      clipRewards: clipRewards ?? true,
      frameStack: frameStack ?? 4,
      size: size ?? 84,
    });
    this.id = id;
    this.numEnvs = numEnvs;
    this.numThreads = threads;
    this.singleActionSpace = new Discrete(actions.length);
    this.actionMeanings = meanings;
    this.observationShape = [numEnvs, frameStack ?? 4, size ?? 84, size ?? 84];
    this.result = Object.freeze(this.handle.buffers()) as VectorResult;
    this.actionBuf = new Int32Array(numEnvs);
    this.seeded = new Uint8Array(numEnvs);
    this.seeds = new Uint32Array(numEnvs);
  }

  /**
   * Resets every env. `seeds`: a number s seeds env i with s + i; an array gives each env's seed
   * (undefined: that env resets without a seed, its generators going on); omitted: no seeds.
   */
  reset(seeds?: number | readonly (number | undefined)[]): VectorResult {
    if (Array.isArray(seeds) && seeds.length !== this.numEnvs)
      throw new RangeError(`reset: pass one seed per env (${this.numEnvs}), got ${seeds.length}`);
    for (let i = 0; i < this.numEnvs; ++i) {
      const s = seeds === undefined ? undefined : typeof seeds === 'number' ? seeds + i : (seeds as (number | undefined)[])[i];
      if (s !== undefined && (!Number.isInteger(s) || s < 0 || s > MAX_SEED))
        throw new RangeError(`reset: seeds must be integers within 0..${MAX_SEED}, got ${s} for env ${i}`);
      this.seeded[i] = s === undefined ? 0 : 1;
      this.seeds[i] = s ?? 0;
    }
    this.handle.reset(this.seeded, this.seeds);
    return this.result;
  }

  /** Steps every env with actions[i] (indices into the env's action set); blocks until done. */
  step(actions: Int32Array | readonly number[]): VectorResult {
    this.handle.step(this.actionsOf(actions));
    return this.result;
  }

  /**
   * The same step on the threads while the JS thread goes on. Until the promise settles the result
   * arrays are being written and every other call on this env throws.
   */
  async stepAsync(actions: Int32Array | readonly number[]): Promise<VectorResult> {
    await this.handle.stepAsync(this.actionsOf(actions));
    return this.result;
  }

  /** True while a stepAsync() runs. */
  get inFlight(): boolean {
    return this.handle.inFlight;
  }

  /** Env i's current stack, a view into result.observations. */
  observation(i: number): Uint8Array {
    if (!Number.isInteger(i) || i < 0 || i >= this.numEnvs) throw new RangeError(`observation(i): i must be within 0..${this.numEnvs - 1}, got ${i}`);
    const n = this.observationShape[1] * this.observationShape[2] * this.observationShape[3];
    return this.result.observations.subarray(i * n, (i + 1) * n);
  }

  /** Stops the threads and frees the emulators; later calls throw. */
  close(): void {
    this.handle.close();
  }

  private actionsOf(actions: Int32Array | readonly number[]): Int32Array {
    if (actions instanceof Int32Array) return actions;
    if (!Array.isArray(actions)) throw new TypeError('actions must be an Int32Array or an array of integers, one per env');
    if (actions.length !== this.numEnvs) throw new RangeError(`actions: need ${this.numEnvs} entries (one per env), got ${actions.length}`);
    for (let i = 0; i < actions.length; ++i) {
      const a = actions[i];
      if (!Number.isInteger(a) || a < 0 || a >= this.singleActionSpace.n)
        throw new RangeError(`actions[${i}] = ${a} is outside the action space Discrete(${this.singleActionSpace.n}): use 0..${this.singleActionSpace.n - 1}`);
      this.actionBuf[i] = a;
    }
    return this.actionBuf;
  }
}
