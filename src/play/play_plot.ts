// PlayPlot as in gym.utils.play: a callback computes values from each step, and the page draws
// each as a live line chart over the last `horizonTimesteps` steps.
import type { Info } from '../env/core.ts';

export type PlayCallback<Obs = unknown, Act = number> = (
  obsT: Obs, obsTp1: Obs, action: Act, reward: number, terminated: boolean, truncated: boolean, info: Info,
) => void;

export type PlotDataCallback<Obs = unknown, Act = number> = (
  obsT: Obs, obsTp1: Obs, action: Act, reward: number, terminated: boolean, truncated: boolean, info: Info,
) => number[] | number;

/** New points since the last drain: row i holds the values of timestep t0 + i, one per plot name. */
export interface PlotPoints {
  t0: number;
  rows: number[][];
}

const owners = new WeakMap<(...args: never[]) => void, PlayPlot<never, never>>();

export class PlayPlot<Obs = unknown, Act = number> {
  /** Pass this to play() as its callback (as with gym), or pass the plot in `plots`. */
  readonly callback: PlayCallback<Obs, Act>;
  /** Timesteps seen so far. */
  t = 0;
  private pending: number[][] = [];
  private pendingT0 = 0;

  constructor(
    readonly dataCallback: PlotDataCallback<Obs, Act>,
    readonly horizonTimesteps: number,
    readonly plotNames: readonly string[],
  ) {
    if (!Number.isInteger(horizonTimesteps) || horizonTimesteps < 1)
      throw new RangeError(`horizonTimesteps must be a positive integer, got ${horizonTimesteps}`);
    if (!Array.isArray(plotNames) || plotNames.length === 0 || plotNames.some((n) => typeof n !== 'string' || n === ''))
      throw new RangeError('plotNames must be a non-empty list of names, one per value the callback returns');
    this.callback = (obsT, obsTp1, action, reward, terminated, truncated, info) => {
      const out = this.dataCallback(obsT, obsTp1, action, reward, terminated, truncated, info);
      const values = typeof out === 'number' ? [out] : out;
      if (!Array.isArray(values) || values.length !== this.plotNames.length)
        throw new RangeError(`the PlayPlot callback returned ${Array.isArray(values) ? values.length : typeof values} values for ${this.plotNames.length} plot names (${this.plotNames.join(', ')})`);
      if (this.pending.length === 0) this.pendingT0 = this.t;
      // Charts keep only the horizon; so does the queue when no page is reading it.
      this.pending.push(values.map(Number));
      if (this.pending.length > this.horizonTimesteps) {
        this.pending.splice(0, this.pending.length - this.horizonTimesteps);
        this.pendingT0 = this.t + 1 - this.horizonTimesteps;
      }
      this.t++;
    };
    owners.set(this.callback as never, this as never);
  }

  /** The points added since the last call. */
  drain(): PlotPoints {
    const out = { t0: this.pendingT0, rows: this.pending };
    this.pending = [];
    this.pendingT0 = this.t;
    return out;
  }

  /** The PlayPlot whose `callback` this is, if any. */
  static of(callback: unknown): PlayPlot<unknown, unknown> | undefined {
    return typeof callback === 'function' ? (owners.get(callback as never) as PlayPlot<unknown, unknown> | undefined) : undefined;
  }
}
