// The DeepMind Atari wrappers with the baselines / Stable-Baselines3 semantics, and
// wrapDeepMind() putting them in that convention's order. Pixel work runs in native code.
import { Wrapper, type Env, type Info, type ResetResult, type StepResult } from '../env/core.ts';
import { Rng } from '../env/rng.ts';
import { Box } from '../env/spaces.ts';
import { native } from '../native.ts';
import type { AtariEnv } from '../env/atari.ts';
import { ClipReward } from './clip_reward.ts';
import { FrameStack } from './frame_stack.ts';
import { RecordEpisodeStatistics } from './record_episode_statistics.ts';

type Frames = Env<Uint8Array, number>;

function atariOf(env: Env<unknown, unknown>): AtariEnv {
  const u = env.unwrapped as AtariEnv;
  if (!u.ale) throw new Error('this wrapper needs an Atari environment underneath');
  return u;
}

/** After reset, 1..noopMax NOOP steps (count from the wrapper's seeded generator). */
export class NoopReset extends Wrapper<Uint8Array, number> {
  private rng = new Rng(0);
  lastNoops = 0;
  constructor(env: Frames, readonly noopMax = 30) {
    super(env);
    const meanings = atariOf(env).actionMeanings();
    if (meanings[0] !== 'NOOP') throw new Error('NoopReset needs action 0 to be NOOP');
  }
  reset(options: { seed?: number } = {}): ResetResult<Uint8Array> {
    if (options.seed !== undefined) this.rng.seed(options.seed);
    let r = this.env.reset(options);
    this.lastNoops = this.rng.integers(1, this.noopMax + 1);
    for (let i = 0; i < this.lastNoops; ++i) {
      const s = this.env.step(0);
      r = { observation: s.observation, info: s.info };
      if (s.terminated || s.truncated) r = this.env.reset();
    }
    return r;
  }
}

/** Repeat the action `skip` frames, sum rewards; observe the pixel-wise max of the last two frames. */
export class MaxAndSkip extends Wrapper<Uint8Array, number> {
  private buf: [Uint8Array, Uint8Array] | null = null;
  constructor(env: Frames, readonly skip = 4) {
    super(env);
  }
  step(action: number): StepResult<Uint8Array> {
    let total = 0;
    let last!: StepResult<Uint8Array>;
    for (let i = 0; i < this.skip; ++i) {
      last = this.env.step(action);
      if (!this.buf || this.buf[0].length !== last.observation.length)
        this.buf = [new Uint8Array(last.observation.length), new Uint8Array(last.observation.length)];
      if (i === this.skip - 2) this.buf[0].set(last.observation);
      if (i === this.skip - 1) this.buf[1].set(last.observation);
      total += last.reward;
      if (last.terminated || last.truncated) break;
    }
    // On an early end the first buffer may hold a stale frame, as in baselines.
    const out = new Uint8Array(last.observation.length);
    native().maxPool(this.buf![0], this.buf![1], out);
    return { ...last, observation: out, reward: total };
  }
}

/** A lost life ends the learner's episode; the game only restarts when it is really over. */
export class EpisodicLife extends Wrapper<Uint8Array, number> {
  private lives = 0;
  private realDone = true;
  step(action: number): StepResult<Uint8Array> {
    const r = this.env.step(action);
    this.realDone = r.terminated || r.truncated;
    const lives = Number(r.info.lives);
    // The lives > 0 guard is for games (Q*bert) whose counter dips to 0 before the end.
    const terminated = r.terminated || (lives < this.lives && lives > 0);
    this.lives = lives;
    return { ...r, terminated };
  }
  reset(options: { seed?: number } = {}): ResetResult<Uint8Array> {
    let r: ResetResult<Uint8Array>;
    if (this.realDone || options.seed !== undefined) {
      r = this.env.reset(options);
    } else {
      const s = this.env.step(0);
      r = { observation: s.observation, info: s.info };
    }
    this.lives = Number(r.info.lives);
    return r;
  }
}

/** Press FIRE (then action 2) on reset, for games that wait for it. */
export class FireReset extends Wrapper<Uint8Array, number> {
  constructor(env: Frames) {
    super(env);
    const meanings = atariOf(env).actionMeanings();
    if (meanings[1] !== 'FIRE' || meanings.length < 3) throw new Error('FireReset needs action 1 = FIRE and at least 3 actions');
  }
  reset(options: { seed?: number } = {}): ResetResult<Uint8Array> {
    this.env.reset(options);
    let s = this.env.step(1);
    if (s.terminated || s.truncated) this.env.reset();
    s = this.env.step(2);
    if (s.terminated || s.truncated) return this.env.reset();
    return { observation: s.observation, info: s.info };
  }
}

/** RGB (or gray) frame -> size x size gray with OpenCV's RGB2GRAY and INTER_AREA. */
export class WarpFrame extends Wrapper<Uint8Array, number> {
  private readonly space: Box<'uint8'>;
  private readonly rgb: boolean;
  private readonly height: number;
  private gray: Uint8Array;
  constructor(env: Frames, readonly size = 84) {
    super(env);
    const inner = env.observationSpace as Box<'uint8'>;
    if (!inner.shape || inner.shape[1] !== 160) throw new Error('WarpFrame needs rgb or grayscale Atari frames (height x 160)');
    this.rgb = inner.shape.length === 3;
    this.height = inner.shape[0];
    this.gray = new Uint8Array(this.height * 160);
    this.space = new Box(0, 255, [size, size], 'uint8');
  }
  get observationSpace(): Box<'uint8'> {
    return this.space;
  }
  private warp(obs: Uint8Array): Uint8Array {
    let gray = obs;
    if (this.rgb) {
      native().grayCv(obs, this.gray);
      gray = this.gray;
    }
    const out = new Uint8Array(this.size * this.size);
    native().resizeArea(gray, 160, this.height, 1, this.size, this.size, out);
    return out;
  }
  reset(options?: { seed?: number }): ResetResult<Uint8Array> {
    const r = this.env.reset(options);
    return { observation: this.warp(r.observation), info: r.info };
  }
  step(action: number): StepResult<Uint8Array> {
    const r = this.env.step(action);
    return { ...r, observation: this.warp(r.observation) };
  }
}

/**
 * MaxAndSkip followed by WarpFrame in one step, reading the emulator's raw screens only at the
 * last two repeats (frames nobody reads are then not even drawn). Needs an AtariEnv created with
 * obsType 'none' and frameskip 1 underneath; gives the same frames as the two wrappers.
 */
export class SkipMaxWarp extends Wrapper<Uint8Array, number> {
  private readonly atari: AtariEnv;
  private readonly screens: [Uint8Array, Uint8Array];
  private readonly space: Box<'uint8'>;
  constructor(env: Frames, readonly skip = 4, readonly size = 84) {
    super(env);
    this.atari = atariOf(env);
    this.screens = [new Uint8Array(this.atari.ale.height * 160), new Uint8Array(this.atari.ale.height * 160)];
    this.space = new Box(0, 255, [size, size], 'uint8');
  }
  get observationSpace(): Box<'uint8'> {
    return this.space;
  }
  reset(options?: { seed?: number }): ResetResult<Uint8Array> {
    const r = this.env.reset(options);
    const out = new Uint8Array(this.size * this.size);
    native().warpScreen(this.atari.ale.getScreen(this.screens[1]), null, 'sb3', this.size, out, this.atari.ale.displayFormat);
    return { observation: out, info: r.info };
  }
  step(action: number): StepResult<Uint8Array> {
    let total = 0;
    let last!: StepResult<Uint8Array>;
    for (let i = 0; i < this.skip; ++i) {
      last = this.env.step(action);
      if (i === this.skip - 2) this.atari.ale.getScreen(this.screens[0]);
      if (i === this.skip - 1) this.atari.ale.getScreen(this.screens[1]);
      total += last.reward;
      if (last.terminated || last.truncated) break;
    }
    const out = new Uint8Array(this.size * this.size);
    native().warpScreen(this.screens[1], this.skip > 1 ? this.screens[0] : null, 'sb3', this.size, out, this.atari.ale.displayFormat);
    return { ...last, observation: out, reward: total };
  }
}

export interface DeepMindOptions {
  noopMax?: number;
  frameSkip?: number;
  episodicLife?: boolean;
  fireReset?: boolean;
  clipRewards?: boolean;
  frameStack?: number;
  size?: number;
}

/**
 * The baselines/SB3 pipeline on a NoFrameskip-v4 env: Noop(30) -> MaxAndSkip(4) -> EpisodicLife
 * -> FireReset (if the game has FIRE) -> WarpFrame(84) -> ClipReward -> FrameStack(4), with the
 * raw episode return recorded in info.episode below the reward clipping.
 */
export function wrapDeepMind(env: Frames, o: DeepMindOptions = {}): Env<import('./lazy_frames.ts').LazyFrames, number> {
  // With an observation-free Atari env underneath, skip, max-pool and warp run fused on raw screens.
  const fused = (atariOf(env).observationSpace as Box<'uint8'>).size === 0;
  let e: Frames = new RecordEpisodeStatistics(env);
  e = new NoopReset(e, o.noopMax ?? 30);
  e = fused ? new SkipMaxWarp(e, o.frameSkip ?? 4, o.size ?? 84) : new MaxAndSkip(e, o.frameSkip ?? 4);
  if (o.episodicLife ?? true) e = new EpisodicLife(e);
  const meanings = atariOf(env).actionMeanings();
  if ((o.fireReset ?? true) && meanings[1] === 'FIRE' && meanings.length >= 3) e = new FireReset(e);
  if (!fused) e = new WarpFrame(e, o.size ?? 84);
  if (o.clipRewards ?? true) e = new ClipReward(e);
  return new FrameStack(e, o.frameStack ?? 4);
}

export type { Info };
