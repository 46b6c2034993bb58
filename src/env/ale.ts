// Typed access to the native ALE-compatible environment. This is the ALEInterface level:
// one act() = frameSkip emulated frames, actions are ALE action ids (0..17).
import { findRom, loadRom } from './roms.ts';
import { native } from '../native.ts';

export const ACTION_MEANINGS = [
  'NOOP', 'FIRE', 'UP', 'RIGHT', 'LEFT', 'DOWN', 'UPRIGHT', 'UPLEFT', 'DOWNRIGHT', 'DOWNLEFT',
  'UPFIRE', 'RIGHTFIRE', 'LEFTFIRE', 'DOWNFIRE', 'UPRIGHTFIRE', 'UPLEFTFIRE', 'DOWNRIGHTFIRE', 'DOWNLEFTFIRE',
] as const;

export interface AleOptions {
  /** Seed of the environment generator (sticky actions). Default 0. */
  seed?: number;
  /** Emulated frames per act(). Default 1. */
  frameSkip?: number;
  /** Probability that each frame repeats the previous action instead. ALE's default is 0.25. */
  repeatActionProbability?: number;
  /** Truncate episodes after this many frames (0 = never). */
  maxFramesPerEpisode?: number;
  truncateOnLossOfLife?: boolean;
  mode?: number;
  difficulty?: number;
  /** actionSet() returns all 18 actions instead of the game's minimal set. */
  fullActionSpace?: boolean;
}

export interface StepResult {
  reward: number;
  lives: number;
  gameOver: boolean;
  truncated: boolean;
  episodeFrameNumber: number;
}

export class ALE {
  readonly gameId: string;
  readonly md5: string;
  readonly romPath: string;
  readonly height: number;
  /** The cartridge's TV standard: PAL games use the PAL palette for RGB and grayscale screens. */
  readonly displayFormat: 'NTSC' | 'PAL';
  readonly width = 160;
  readonly fullActionSpace: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private handle: any;
  private closed = false;
  private readonly bytes: Uint8Array;
  private readonly nativeOptions: Record<string, unknown>;

  /** `rom` is a game id looked up in the ROM folder (see roms.ts) or a path to a ROM file. */
  constructor(rom: string, options: AleOptions = {}) {
    const file = findRom(rom);
    const { bytes, md5, gameId } = loadRom(file);
    const rap = options.repeatActionProbability ?? 0.25;
    if (!(rap >= 0 && rap <= 1)) throw new RangeError(`repeatActionProbability must be within [0, 1], got ${rap}`);
    if (options.frameSkip !== undefined && (!Number.isInteger(options.frameSkip) || options.frameSkip < 1))
      throw new RangeError(`frameSkip must be an integer >= 1, got ${options.frameSkip}`);
    const { fullActionSpace, ...rest } = options;
    this.fullActionSpace = fullActionSpace ?? false;
    this.bytes = bytes;
    this.nativeOptions = { ...rest, repeatActionProbability: rap };
    this.handle = new (native().NativeAleEnv)(bytes, md5, this.nativeOptions);
    this.gameId = gameId;
    this.md5 = md5;
    this.romPath = file;
    this.height = this.env.screenHeight();
    this.displayFormat = this.env.isPal() ? 'PAL' : 'NTSC';
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private get env(): any {
    if (this.closed) throw new Error(`this ${this.gameId} environment is closed; create a new one`);
    return this.handle;
  }

  /** Frees the emulator now (instead of at garbage collection); the object is unusable afterwards. */
  close(): void {
    if (this.closed) return;
    this.handle.close();
    this.closed = true;
  }

  reset(): void {
    this.env.reset();
  }

  /** Starts over with a new environment seed, as loading the ROM again with that seed would. */
  reseed(seed: number): void {
    if (!Number.isInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
    const mode = this.info().mode;
    const difficulty = this.info().difficulty;
    this.env.close();
    this.handle = new (native().NativeAleEnv)(this.bytes, this.md5, { ...this.nativeOptions, seed, mode, difficulty });
  }

  /** Takes one action (an ALE action id); returns the summed reward of the frames it covered. */
  act(action: number, paddleStrength = 1): number {
    return this.env.act(action, paddleStrength);
  }

  lives(): number {
    return this.env.lives();
  }
  /** True when the game is over, or (withTruncation, the default) the episode was truncated. */
  gameOver(withTruncation = true): boolean {
    return this.env.gameOver(withTruncation);
  }
  truncated(): boolean {
    return this.env.truncated();
  }
  episodeFrameNumber(): number {
    return this.env.episodeFrameNumber();
  }
  frameNumber(): number {
    return this.env.frameNumber();
  }

  minimalActionSet(): number[] {
    return this.env.minimalActions();
  }
  legalActionSet(): number[] {
    return ACTION_MEANINGS.map((_, i) => i);
  }
  /** The actions an agent chooses from: the minimal set, or all 18 with fullActionSpace. */
  actionSet(): number[] {
    return this.fullActionSpace ? this.legalActionSet() : this.minimalActionSet();
  }
  availableModes(): number[] {
    return this.env.modes();
  }
  availableDifficulties(): number[] {
    return this.env.difficulties();
  }
  /** Takes effect at the next reset(), as in ALE. */
  setMode(mode: number): void {
    this.env.setMode(mode);
  }
  setDifficulty(difficulty: number): void {
    this.env.setDifficulty(difficulty);
  }
  info(): { gameId: string; cartType: string; paddles: boolean; pal: boolean; mode: number; difficulty: number; defaultMode: number } {
    return this.env.info();
  }

  /** Palette indices, height x 160, written into `out` (allocated if omitted). */
  getScreen(out: Uint8Array = new Uint8Array(this.height * this.width)): Uint8Array {
    return this.env.getScreen(out);
  }
  /** RGB, height x 160 x 3. */
  getScreenRGB(out: Uint8Array = new Uint8Array(this.height * this.width * 3)): Uint8Array {
    return this.env.getScreenRGB(out);
  }
  /** ALE's luminance, height x 160. */
  getScreenGrayscale(out: Uint8Array = new Uint8Array(this.height * this.width)): Uint8Array {
    return this.env.getScreenGrayscale(out);
  }
  /** The 128 bytes of console RAM. */
  getRAM(out: Uint8Array = new Uint8Array(128)): Uint8Array {
    return this.env.getRAM(out);
  }

  /** A snapshot of the emulator and environment; includeRng also saves the sticky-action generator. */
  cloneState(includeRng = false): Uint8Array {
    return this.env.cloneState(includeRng);
  }
  restoreState(state: Uint8Array): void {
    this.env.restoreState(state);
  }
}
