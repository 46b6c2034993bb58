// A run's directory and everything written into it: config.json, metrics.jsonl, TensorBoard
// events, checkpoints (atomic), and the progress bar shown while it trains.
import fs from 'node:fs';
import path from 'node:path';
import { SummaryWriter, type ImageData } from './tensorboard.ts';
import { ProgressBar } from './progress.ts';
import { findLatestCheckpoint, saveCheckpoint, writeFileAtomic } from '../io/atomic.ts';

export interface RunOptions {
  root?: string;           // default 'runs'
  name?: string;           // default: a timestamp
  resume?: boolean;        // reopen an existing run instead of refusing
  quiet?: boolean;         // no progress bar or log lines (tests)
  progressStream?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** The directory of run `name` under `root`; the name is checked so it cannot reach elsewhere. */
export function runDirectory(root = 'runs', name?: string): string {
  name ??= new Date().toISOString().replace(/[:.]/g, '-');
  if (!/^[\w.-]+$/.test(name) || /^\.+$/.test(name)) throw new Error(`run name '${name}' may only contain letters, digits, '_', '-' and '.'`);
  return path.resolve(root, name);
}

export class RunLogger {
  readonly dir: string;
  readonly tb: SummaryWriter;
  private readonly metricsFd: number;

  constructor(private readonly o: RunOptions = {}) {
    this.dir = runDirectory(o.root, o.name);
    if (fs.existsSync(path.join(this.dir, 'config.json')) && !o.resume)
      throw new Error(`run directory ${this.dir} already holds a run; pass --resume to continue it or choose another --run-name`);
    fs.mkdirSync(this.dir, { recursive: true });
    this.tb = new SummaryWriter(this.dir);
    this.metricsFd = fs.openSync(path.join(this.dir, 'metrics.jsonl'), 'a');
  }

  writeConfig(config: unknown): void {
    writeFileAtomic(path.join(this.dir, 'config.json'), JSON.stringify(config, null, 2) + '\n');
  }

  readConfig<T>(): T | undefined {
    const f = path.join(this.dir, 'config.json');
    return fs.existsSync(f) ? (JSON.parse(fs.readFileSync(f, 'utf8')) as T) : undefined;
  }

  scalar(tag: string, value: number, step: number): void {
    this.tb.scalar(tag, value, step);
  }

  image(tag: string, img: ImageData, step: number): void {
    this.tb.image(tag, img, step);
  }

  metrics(row: Record<string, unknown>): void {
    fs.writeSync(this.metricsFd, JSON.stringify({ ...row, time: Date.now() / 1000 }) + '\n');
  }

  log(message: string): void {
    if (!this.o.quiet) process.stderr.write(message + '\n');
  }

  progress(total: number, start = 0, label?: string): ProgressBar {
    const sink = this.o.quiet ? { write: () => true, isTTY: false } : this.o.progressStream;
    return new ProgressBar(total, start, { stream: sink as never, label, unit: 'steps' });
  }

  async checkpoint(step: number, fill: (dir: string) => Promise<void> | void): Promise<string> {
    this.tb.flush();
    return saveCheckpoint(this.dir, step, fill);
  }

  latestCheckpoint(): string | undefined {
    return findLatestCheckpoint(this.dir);
  }

  mkdir(dir: string): void {
    fs.mkdirSync(dir, { recursive: true });
  }
  exists(file: string): boolean {
    return fs.existsSync(file);
  }
  readJson<T = unknown>(file: string): T {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  }
  writeJson(file: string, value: unknown): void {
    fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
  }

  close(): void {
    this.tb.close();
    fs.closeSync(this.metricsFd);
  }
}
