// A progress bar for long work: count, percent, smoothed rate, ETA and custom fields. On a TTY
// it redraws one line (at most 10 times a second); elsewhere it prints a line every few seconds.
export interface ProgressOptions {
  label?: string;
  stream?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  intervalSeconds?: number; // non-TTY line interval
  unit?: string;
}

const fmtTime = (s: number) => {
  if (!Number.isFinite(s)) return '--:--';
  s = Math.round(s);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return (h ? `${h}:${String(m).padStart(2, '0')}` : String(m)) + `:${String(sec).padStart(2, '0')}`;
};

export class ProgressBar {
  private readonly stream: NonNullable<ProgressOptions['stream']>;
  private readonly tty: boolean;
  private readonly interval: number;
  private lastDraw = 0;
  private rate = NaN;
  private lastTime: number;
  private lastDone: number;
  private done: number;
  private fields: Record<string, string | number> = {};
  private readonly started = Date.now();

  constructor(readonly total: number, start = 0, private readonly o: ProgressOptions = {}) {
    this.stream = o.stream ?? process.stderr;
    this.tty = !!this.stream.isTTY;
    this.interval = (this.tty ? 0.1 : (o.intervalSeconds ?? 10)) * 1000;
    this.done = this.lastDone = start;
    this.lastTime = Date.now();
  }

  tick(done: number, fields?: Record<string, string | number>): void {
    this.done = done;
    if (fields) this.fields = fields;
    const now = Date.now();
    if (now - this.lastDraw < this.interval && done < this.total) return;
    const dt = (now - this.lastTime) / 1000;
    if (dt > 0) {
      const r = (done - this.lastDone) / dt;
      this.rate = Number.isNaN(this.rate) ? r : 0.7 * this.rate + 0.3 * r; // smooth out bursts
    }
    this.lastTime = now;
    this.lastDone = done;
    this.lastDraw = now;
    this.draw();
  }

  line(): string {
    const pct = this.total > 0 ? (100 * this.done) / this.total : 100;
    const width = 24;
    const filled = Math.round((width * Math.min(pct, 100)) / 100);
    const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
    const eta = this.rate > 0 ? (this.total - this.done) / this.rate : NaN;
    const extra = Object.entries(this.fields).map(([k, v]) => `${k} ${v}`).join('  ');
    const rate = Number.isNaN(this.rate) ? '-' : this.rate >= 100 ? this.rate.toFixed(0) : this.rate.toFixed(1);
    return `${this.o.label ? this.o.label + ' ' : ''}[${bar}] ${this.done}/${this.total} ${pct.toFixed(1)}% ` +
      `${rate} ${this.o.unit ?? 'it'}/s ETA ${fmtTime(eta)}${extra ? '  ' + extra : ''}`;
  }

  private draw(): void {
    if (this.tty) this.stream.write(`\r${this.line().slice(0, (this.stream.columns ?? 200) - 1)}\x1b[K`);
    else this.stream.write(this.line() + '\n');
  }

  finish(): void {
    const secs = (Date.now() - this.started) / 1000;
    if (this.tty) this.stream.write('\n');
    this.stream.write(`${this.o.label ? this.o.label + ' ' : ''}done: ${this.done}/${this.total} in ${fmtTime(secs)}\n`);
  }
}
