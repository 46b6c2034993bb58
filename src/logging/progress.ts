// A progress bar for long work: count, percent, the rate over the last half minute and the mean
// rate of this process (a resumed run counts only the steps it did itself), ETA and custom fields.
// On a TTY it redraws one line (at most 10 times a second); elsewhere it prints a line every few
// seconds.
export interface ProgressOptions {
  label?: string;
  stream?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  intervalSeconds?: number; // non-TTY line interval
  windowSeconds?: number;   // span of the recent rate (default 30)
  unit?: string;
  now?: () => number;       // clock in ms (tests drive it)
}

const fmtTime = (s: number) => {
  if (!Number.isFinite(s)) return '--:--';
  s = Math.round(s);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return (h ? `${h}:${String(m).padStart(2, '0')}` : String(m)) + `:${String(sec).padStart(2, '0')}`;
};

const fmtRate = (r: number) => (Number.isNaN(r) ? '-' : r >= 100 ? r.toFixed(0) : r.toFixed(1));

export class ProgressBar {
  private readonly stream: NonNullable<ProgressOptions['stream']>;
  private readonly tty: boolean;
  private readonly interval: number;
  private readonly window: number;
  private readonly minSpan: number; // seconds
  private readonly now: () => number;
  private readonly started: number;
  private readonly start: number;
  private lastDraw = -Infinity;
  private done: number;
  private fields: Record<string, string | number> = {};
  // (time, count) samples, one per twentieth of the window, spanning a little more than the window.
  private samples: { t: number; done: number }[];

  constructor(readonly total: number, start = 0, private readonly o: ProgressOptions = {}) {
    this.stream = o.stream ?? process.stderr;
    this.tty = !!this.stream.isTTY;
    this.interval = (this.tty ? 0.1 : (o.intervalSeconds ?? 10)) * 1000;
    this.window = (o.windowSeconds ?? 30) * 1000;
    this.minSpan = Math.min(1, this.window / 20000); // a rate over a few milliseconds says nothing
    this.now = o.now ?? Date.now;
    this.started = this.now();
    this.done = this.start = start;
    this.samples = [{ t: this.started, done: start }];
  }

  tick(done: number, fields?: Record<string, string | number>): void {
    this.done = done;
    if (fields) this.fields = fields;
    const now = this.now();
    const last = this.samples[this.samples.length - 1];
    if (now - last.t >= this.window / 20) {
      this.samples.push({ t: now, done });
      // Keep one sample at or before the window's start, so the rate spans the whole window.
      while (this.samples.length > 2 && this.samples[1].t <= now - this.window) this.samples.shift();
    }
    if (now - this.lastDraw < this.interval && done < this.total) return;
    this.lastDraw = now;
    this.draw();
  }

  /** Steps per second over about the last window (since the start when it is shorter). */
  recentRate(): number {
    const now = this.now();
    const from = this.samples[0];
    const dt = (now - from.t) / 1000;
    return dt >= this.minSpan ? (this.done - from.done) / dt : NaN;
  }

  /** Steps per second of this process since it started. */
  meanRate(): number {
    const dt = (this.now() - this.started) / 1000;
    return dt >= this.minSpan ? (this.done - this.start) / dt : NaN;
  }

  line(): string {
    const pct = this.total > 0 ? (100 * this.done) / this.total : 100;
    const width = 24;
    const filled = Math.round((width * Math.min(pct, 100)) / 100);
    const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
    const rate = this.recentRate();
    const eta = rate > 0 ? (this.total - this.done) / rate : NaN;
    const extra = Object.entries(this.fields).map(([k, v]) => `${k} ${v}`).join('  ');
    return `${this.o.label ? this.o.label + ' ' : ''}[${bar}] ${this.done}/${this.total} ${pct.toFixed(1)}% ` +
      `${fmtRate(rate)} ${this.o.unit ?? 'it'}/s (mean ${fmtRate(this.meanRate())}) ETA ${fmtTime(eta)}${extra ? '  ' + extra : ''}`;
  }

  private draw(): void {
    if (this.tty) this.stream.write(`\r${this.line().slice(0, (this.stream.columns ?? 200) - 1)}\x1b[K`);
    else this.stream.write(this.line() + '\n');
  }

  finish(): void {
    const secs = (this.now() - this.started) / 1000;
    if (this.tty) this.stream.write('\n');
    this.stream.write(`${this.o.label ? this.o.label + ' ' : ''}done: ${this.done}/${this.total} in ${fmtTime(secs)}` +
      `${this.done > this.start ? ` (${fmtRate(this.meanRate())} ${this.o.unit ?? 'it'}/s)` : ''}\n`);
  }
}
