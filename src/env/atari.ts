// Atari games as Gymnasium environments (AtariEnv): observations rgb, grayscale or ram;
// an integer or random frame skip; sticky actions; minimal or full action set.
import { ALE, ACTION_MEANINGS } from './ale.ts';
import { Env, type Info, type RgbFrame, type ResetResult, type StepResult } from './core.ts';
import { Rng } from './rng.ts';
import { Box, Discrete } from './spaces.ts';

// 'none' returns an empty observation: for wrappers that read the emulator's screens themselves.
export type ObsType = 'rgb' | 'grayscale' | 'ram' | 'none';

export interface AtariOptions {
  game: string;
  obsType?: ObsType;
  /** Frames per step: an integer, or [min, max) to draw uniformly each step. */
  frameskip?: number | [number, number];
  repeatActionProbability?: number;
  fullActionSpace?: boolean;
  mode?: number;
  difficulty?: number;
  maxNumFramesPerEpisode?: number;
}

const EMPTY = new Uint8Array(0);

export class AtariEnv extends Env<Uint8Array, number> {
  readonly game: string;
  readonly ale: ALE;
  readonly actionSpace: Discrete;
  readonly observationSpace: Box<'uint8'>;
  readonly actions: number[];
  private readonly obsType: ObsType;
  readonly frameskip: number | [number, number];
  /** The console runs at 60 frames per second (NTSC) and a step shows one frame in `frameskip`. */
  readonly renderFps: number;
  private rng = new Rng(0);

  constructor(options: AtariOptions) {
    super();
    const fs = options.frameskip ?? 4;
    if (Array.isArray(fs) ? !(Number.isInteger(fs[0]) && Number.isInteger(fs[1]) && fs[0] >= 1 && fs[1] > fs[0]) : !(Number.isInteger(fs) && fs >= 1))
      throw new RangeError(`frameskip must be an integer >= 1 or a range [min, max), got ${JSON.stringify(fs)}`);
    const obsType = options.obsType ?? 'rgb';
    if (!['rgb', 'grayscale', 'ram', 'none'].includes(obsType)) throw new RangeError(`obsType must be rgb, grayscale, ram or none, got ${obsType}`);
    this.obsType = obsType;
    this.frameskip = fs;
    this.game = options.game;
    // A random skip [min, max) takes (min + max - 1) / 2 frames per step on average.
    this.renderFps = 60 / (Array.isArray(fs) ? (fs[0] + fs[1] - 1) / 2 : fs);
    // The skipping happens here (a random skip needs a fresh draw per step), so the emulator steps one frame per act.
    this.ale = new ALE(options.game, {
      frameSkip: 1,
      repeatActionProbability: options.repeatActionProbability ?? 0.25,
      maxFramesPerEpisode: options.maxNumFramesPerEpisode ?? 0,
      mode: options.mode,
      difficulty: options.difficulty,
    });
    this.actions = options.fullActionSpace ? this.ale.legalActionSet() : this.ale.minimalActionSet();
    this.actionSpace = new Discrete(this.actions.length);
    const h = this.ale.height;
    const shape = obsType === 'rgb' ? [h, 160, 3] : obsType === 'grayscale' ? [h, 160] : obsType === 'ram' ? [128] : [0];
    this.observationSpace = new Box(0, 255, shape, 'uint8');
  }

  actionMeanings(): string[] {
    return this.actions.map((a) => ACTION_MEANINGS[a]);
  }

  private observe(): Uint8Array {
    if (this.obsType === 'none') return EMPTY;
    if (this.obsType === 'rgb') return this.ale.getScreenRGB();
    if (this.obsType === 'grayscale') return this.ale.getScreenGrayscale();
    return this.ale.getRAM();
  }

  private info(): Info {
    return { lives: this.ale.lives(), episode_frame_number: this.ale.episodeFrameNumber(), frame_number: this.ale.frameNumber() };
  }

  reset(options: { seed?: number } = {}): ResetResult<Uint8Array> {
    if (options.seed !== undefined) {
      this.rng.seed(options.seed);
      // A new seed also re-creates the emulator's sticky-action generator stream.
      this.ale.reseed(options.seed);
    }
    this.ale.reset();
    return { observation: this.observe(), info: this.info() };
  }

  step(action: number): StepResult<Uint8Array> {
    if (!this.actionSpace.contains(action))
      throw new RangeError(`action ${action} is outside Discrete(${this.actions.length}) (${this.actionMeanings().join(', ')})`);
    const n = Array.isArray(this.frameskip) ? this.rng.integers(this.frameskip[0], this.frameskip[1]) : this.frameskip;
    let reward = 0;
    for (let i = 0; i < n; ++i) reward += this.ale.act(this.actions[action]);
    const terminated = this.ale.gameOver(false);
    const truncated = !terminated && this.ale.truncated();
    return { observation: this.observe(), reward, terminated, truncated, info: this.info() };
  }

  close(): void {
    this.ale.close();
  }

  render(): RgbFrame {
    return { data: this.ale.getScreenRGB(), width: 160, height: this.ale.height };
  }
}
