// Batches of Atari screenshots from random play, for the GAN: each sample comes from the next
// game in turn (so every batch mixes games), RGB resized to 64x64 with area interpolation and
// scaled to [-1, 1]; near-black frames (mean at most 0.01 on 0..255) are skipped.
import { AtariEnv } from '../env/atari.ts';
import { Rng } from '../env/rng.ts';
import { native } from '../native.ts';

export interface ScreenBatch {
  size: number;
  data: Float32Array;   // [size, 64, 64, 3] in [-1, 1], NHWC
  games: string[];      // the game of each sample
}

export const DARK_MEAN = 0.01;

export function meanPixel(rgb: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < rgb.length; ++i) s += rgb[i];
  return s / rgb.length;
}

export class AtariScreenSource {
  private readonly envs: AtariEnv[];
  private readonly rng: Rng;
  private next = 0;
  private readonly small: Uint8Array;
  /** Frames dropped by the darkness filter so far, per game. */
  readonly skipped = new Map<string, number>();

  constructor(readonly games: string[], seed = 0, readonly size = 64, readonly darkMean = DARK_MEAN) {
    if (!games.length) throw new Error('AtariScreenSource needs at least one game');
    this.rng = new Rng(seed);
    this.envs = games.map((game, i) => {
      const env = new AtariEnv({ game, obsType: 'rgb', frameskip: 4, repeatActionProbability: 0.25 });
      env.reset({ seed: seed + i });
      return env;
    });
    this.small = new Uint8Array(size * size * 3);
  }

  /** The next kept frame of one game (random actions; the episode restarts when it ends). */
  private frame(env: AtariEnv, out: Float32Array, offset: number): void {
    for (let tries = 0; ; ++tries) {
      if (tries === 20_000) throw new Error(`${env.game}: 20,000 frames in a row had a mean pixel value at most ${this.darkMean}; lower the darkness threshold`);
      const r = env.step(this.rng.integers(0, env.actionSpace.n));
      if (r.terminated || r.truncated) env.reset();
      const rgb = r.observation;
      if (meanPixel(rgb) <= this.darkMean) {
        this.skipped.set(env.game, (this.skipped.get(env.game) ?? 0) + 1);
        continue;
      }
      native().resizeArea(rgb, 160, env.ale.height, 3, this.size, this.size, this.small);
      for (let i = 0; i < this.small.length; ++i) out[offset + i] = this.small[i] / 127.5 - 1;
      return;
    }
  }

  /** A batch of `n` frames, games in turn; `into` is reused when given. */
  batch(n: number, into?: ScreenBatch): ScreenBatch {
    const per = this.size * this.size * 3;
    const b = into && into.size === n ? into : { size: n, data: new Float32Array(n * per), games: new Array<string>(n) };
    for (let i = 0; i < n; ++i) {
      const env = this.envs[this.next];
      this.next = (this.next + 1) % this.envs.length;
      this.frame(env, b.data, i * per);
      b.games[i] = env.game;
    }
    return b;
  }

  close(): void {
    for (const e of this.envs) e.close();
  }
}
