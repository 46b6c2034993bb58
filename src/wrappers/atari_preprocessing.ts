// Gymnasium's AtariPreprocessing: noop reset, frame skip with the max of ALE's grayscale screens
// at the last two repeats, INTER_AREA resize; optional life-loss termination. No fire reset, no
// reward clipping (those belong to the baselines convention, see wrapDeepMind).
import { Wrapper, type Env, type ResetResult, type StepResult } from '../env/core.ts';
import { Rng } from '../env/rng.ts';
import { Box } from '../env/spaces.ts';
import { native } from '../native.ts';
import type { AtariEnv } from '../env/atari.ts';

export interface AtariPreprocessingOptions {
  noopMax?: number;
  frameSkip?: number;
  screenSize?: number;
  terminalOnLifeLoss?: boolean;
}

export class AtariPreprocessing extends Wrapper<Uint8Array, number> {
  private readonly atari: AtariEnv;
  private readonly noopMax: number;
  private readonly frameSkip: number;
  private readonly size: number;
  private readonly lifeLoss: boolean;
  private readonly space: Box<'uint8'>;
  private readonly buffers: [Uint8Array, Uint8Array];
  private rng = new Rng(0);
  private lives = 0;

  constructor(env: Env<Uint8Array, number>, o: AtariPreprocessingOptions = {}) {
    super(env);
    this.atari = env.unwrapped as AtariEnv;
    if (!this.atari.ale) throw new Error('AtariPreprocessing needs an Atari environment');
    if (this.atari.frameskip !== 1)
      throw new Error('AtariPreprocessing does the frame skipping: use a NoFrameskip env (frameskip 1)');
    if (this.atari.actionMeanings()[0] !== 'NOOP') throw new Error('AtariPreprocessing needs action 0 to be NOOP');
    this.noopMax = o.noopMax ?? 30;
    this.frameSkip = o.frameSkip ?? 4;
    this.size = o.screenSize ?? 84;
    this.lifeLoss = o.terminalOnLifeLoss ?? false;
    if (!Number.isInteger(this.frameSkip) || this.frameSkip < 1) throw new RangeError(`frameSkip must be an integer >= 1, got ${this.frameSkip}`);
    const pixels = this.atari.ale.height * 160;
    this.buffers = [new Uint8Array(pixels), new Uint8Array(pixels)];
    this.space = new Box(0, 255, [this.size, this.size], 'uint8');
  }

  get observationSpace(): Box<'uint8'> {
    return this.space;
  }

  private observe(): Uint8Array {
    if (this.frameSkip > 1) native().maxPool(this.buffers[0], this.buffers[1], this.buffers[0]);
    const out = new Uint8Array(this.size * this.size);
    native().resizeArea(this.buffers[0], 160, this.atari.ale.height, 1, this.size, this.size, out);
    return out;
  }

  reset(options: { seed?: number } = {}): ResetResult<Uint8Array> {
    if (options.seed !== undefined) this.rng.seed(options.seed);
    let r = this.env.reset(options);
    const noops = this.noopMax > 0 ? this.rng.integers(1, this.noopMax + 1) : 0;
    for (let i = 0; i < noops; ++i) {
      const s = this.env.step(0);
      r = { observation: s.observation, info: s.info };
      if (s.terminated || s.truncated) r = this.env.reset();
    }
    this.lives = this.atari.ale.lives();
    this.atari.ale.getScreenGrayscale(this.buffers[0]);
    this.buffers[1].fill(0);
    return { observation: this.observe(), info: r.info };
  }

  step(action: number): StepResult<Uint8Array> {
    let reward = 0;
    let last!: StepResult<Uint8Array>;
    let terminated = false;
    for (let t = 0; t < this.frameSkip; ++t) {
      last = this.env.step(action);
      reward += last.reward;
      terminated = last.terminated;
      if (this.lifeLoss) {
        const lives = this.atari.ale.lives();
        terminated = terminated || lives < this.lives;
        this.lives = lives;
      }
      if (terminated || last.truncated) break;
      if (t === this.frameSkip - 2) this.atari.ale.getScreenGrayscale(this.buffers[1]);
      else if (t === this.frameSkip - 1) this.atari.ale.getScreenGrayscale(this.buffers[0]);
    }
    return { observation: this.observe(), reward, terminated, truncated: last.truncated, info: last.info };
  }
}
