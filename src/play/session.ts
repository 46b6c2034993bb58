// The clock between a source of frames (a person's game or an agent's) and the pages watching it:
// ticks at --fps times the speed, only while a page is open; pause, single-step, reset and speed
// come from the page, and so do the keys held (the union over every open page).
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import type { RgbFrame } from '../env/core.ts';
import { isKeyName } from './keys.ts';
import type { PlayPlot } from './play_plot.ts';
import { PlayServer, type Client, type StaticFile } from './server.ts';

export interface Stack {
  data: Uint8Array;
  k: number;
  size: number;
}

/** What a session drives: one tick is one env step (play) or one emulated frame (agent). */
export interface Source {
  /** Sent to each page when it connects. */
  hello(): Record<string, unknown>;
  /**
   * Advances one tick: the reward of the step it took, null when the tick reset the env instead of
   * stepping it, undefined when it is waiting (for the page's agent) and did nothing.
   */
  tick(keys: ReadonlySet<string>): number | null | undefined;
  /** Ticks still queued from the last decision (agent frames); a single step plays them all out. */
  pending(): number;
  frame(): RgbFrame | undefined;
  /** The agent's input, when it changed since the last call. */
  takeStack?(): Stack | undefined;
  /** Episode, return, lives, Q-values, ... of the moment, for the page's panel. */
  status(): Record<string, unknown>;
  plots(): readonly PlayPlot<unknown, unknown>[];
  reset(): void;
  /** Messages the session does not handle itself (the page's agent's actions). */
  onMessage?(msg: Record<string, unknown>): void;
  /** Lets the source send to the pages (the agent's stacks when the page decides). */
  attach?(send: (data: string | Uint8Array, droppable?: boolean) => void): void;
  close(): void;
}

export interface SessionOptions {
  fps: number;
  zoom: number;
  host?: string;
  port?: number;
  /** Extra files the page may load (the model for an agent that runs in the page). */
  extraFiles?: ReadonlyMap<string, StaticFile>;
  /** The page runs TensorFlow.js (see PlayServerOptions.allowEval). */
  allowEval?: boolean;
  log?: (line: string) => void;
}

export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16] as const;
/** Ticks one timer callback may run, so a high speed on a slow agent cannot stall the server. */
const MAX_TICKS_PER_CALLBACK = 64;

const require = createRequire(import.meta.url);
const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'play');

/** The page's files: a fixed list, so nothing else on disk can be asked for. */
export function pageFiles(extra?: ReadonlyMap<string, StaticFile>): Map<string, StaticFile> {
  const uplot = path.dirname(require.resolve('uplot/package.json'));
  const files = new Map<string, StaticFile>([
    ['/', { file: path.join(webDir, 'index.html'), type: 'text/html; charset=utf-8' }],
    ['/play.js', { file: path.join(webDir, 'play.js'), type: 'text/javascript; charset=utf-8' }],
    ['/charts.js', { file: path.join(webDir, 'charts.js'), type: 'text/javascript; charset=utf-8' }],
    ['/play.css', { file: path.join(webDir, 'play.css'), type: 'text/css; charset=utf-8' }],
    ['/vendor/uPlot.iife.min.js', { file: path.join(uplot, 'dist', 'uPlot.iife.min.js'), type: 'text/javascript; charset=utf-8' }],
    ['/vendor/uPlot.min.css', { file: path.join(uplot, 'dist', 'uPlot.min.css'), type: 'text/css; charset=utf-8' }],
  ]);
  for (const [k, v] of extra ?? []) files.set(k, v);
  return files;
}

/** Frame message: 1, width (u16 LE), height (u16 LE), RGB rows. */
export function encodeFrame(f: RgbFrame): Uint8Array {
  const out = Buffer.allocUnsafe(5 + f.width * f.height * 3);
  out[0] = 1;
  out.writeUInt16LE(f.width, 1);
  out.writeUInt16LE(f.height, 3);
  out.set(f.data.subarray(0, f.width * f.height * 3), 5);
  return out;
}

/**
 * Stack message: 2 (a picture, acknowledged like frames) or 3 (the input of a decision the page
 * must answer, always sent), k, size, k frames of size x size gray bytes (oldest first).
 */
export function encodeStack(s: Stack, kind: 2 | 3 = 2): Uint8Array {
  const out = Buffer.allocUnsafe(3 + s.data.length);
  out[0] = kind;
  out[1] = s.k;
  out[2] = s.size;
  out.set(s.data, 3);
  return out;
}

export class PlaySession {
  readonly server: PlayServer;
  paused = false;
  speed = 1;
  /** Ticks run so far. */
  ticks = 0;
  /** Ticks that stepped the env (not resets): the x of the reward chart. */
  stepCount = 0;
  private keys = new Map<number, Set<string>>();
  private held = new Set<string>();
  private timer?: NodeJS.Timeout;
  private credit = 0;
  private steps = 0;
  private closed = false;
  private next = 0;
  private rewards: number[] = [];
  private readonly closedPromise: Promise<void>;
  private resolveClosed!: () => void;

  constructor(readonly source: Source, readonly o: SessionOptions) {
    if (!(o.fps > 0 && o.fps <= 240)) throw new RangeError(`fps must be from 1 to 240, got ${o.fps}`);
    this.closedPromise = new Promise((r) => (this.resolveClosed = r));
    this.server = new PlayServer({
      host: o.host,
      port: o.port,
      files: pageFiles(o.extraFiles),
      log: o.log,
      allowEval: o.allowEval,
      onConnect: (c) => this.connected(c),
      onMessage: (c, m) => this.message(c, m),
      onClose: (c) => {
        this.keys.delete(c.id);
        this.recomputeHeld();
      },
    });
    source.attach?.((data, droppable) => this.server.broadcast(data, droppable));
  }

  get url(): string {
    return this.server.url;
  }

  /** The keys held now, over every page. */
  get heldKeys(): ReadonlySet<string> {
    return this.held;
  }

  async start(): Promise<this> {
    await this.server.listen();
    this.next = performance.now();
    this.schedule();
    return this;
  }

  /** Resolves once close() has finished. */
  get closedSignal(): Promise<void> {
    return this.closedPromise;
  }

  async close(): Promise<void> {
    if (this.closed) return this.closedPromise;
    this.closed = true;
    clearTimeout(this.timer);
    await this.server.close();
    this.source.close();
    this.resolveClosed();
  }

  private schedule(): void {
    if (this.closed) return;
    const interval = 1000 / this.o.fps;
    this.next += interval;
    const now = performance.now();
    // After a stall (a slow step, a busy machine) the clock restarts instead of racing to catch up.
    if (this.next < now - 4 * interval) this.next = now;
    this.timer = setTimeout(() => this.beat(), Math.max(0, this.next - now));
  }

  private beat(): void {
    if (this.closed) return;
    try {
      if (this.server.clientCount > 0) this.advance();
    } catch (e) {
      this.o.log?.(`play: the game stopped: ${(e as Error).message}`);
      this.server.broadcast(JSON.stringify({ type: 'error', message: (e as Error).message }));
      this.paused = true;
    }
    this.schedule();
  }

  private advance(): void {
    let ran = 0;
    if (!this.paused) {
      this.credit += this.speed;
      const n = Math.min(Math.floor(this.credit), MAX_TICKS_PER_CALLBACK);
      this.credit = Math.min(this.credit - n, 1);
      for (let i = 0; i < n; ++i) {
        if (!this.runTick()) break;
        ran++;
      }
    } else if (this.steps > 0) {
      // A single step is one decision: the frames still queued from the last one play out, then
      // one tick decides and the frames it queued (an agent step's 4) play out too.
      const drain = () => {
        for (let i = 0; i < 10_000 && this.source.pending() > 0; ++i) if (this.runTick()) ran++;
      };
      drain();
      if (this.runTick()) {
        ran++;
        this.steps--;
        drain();
      }
    }
    if (ran > 0) this.publish();
  }

  private runTick(): boolean {
    const reward = this.source.tick(this.held);
    if (reward === undefined) return false;
    this.ticks++;
    if (reward !== null) {
      this.stepCount++;
      this.rewards.push(reward);
    }
    return true;
  }

  private publish(): void {
    const frame = this.source.frame();
    if (frame) this.server.broadcast(encodeFrame(frame), true);
    const stack = this.source.takeStack?.();
    if (stack) this.server.broadcast(encodeStack(stack), true);
    const plots = this.source.plots().map((p) => p.drain());
    this.server.broadcast(
      JSON.stringify({ type: 'tick', t: this.ticks, n: this.stepCount, paused: this.paused, speed: this.speed, rewards: this.rewards, plots, ...this.source.status() }),
    );
    this.rewards = [];
  }

  private sendState(): void {
    this.server.broadcast(JSON.stringify({ type: 'state', paused: this.paused, speed: this.speed, t: this.ticks, ...this.source.status() }));
  }

  private connected(c: Client): void {
    const frame = this.source.frame();
    c.send(
      JSON.stringify({
        type: 'hello',
        fps: this.o.fps,
        zoom: this.o.zoom,
        speeds: SPEEDS,
        paused: this.paused,
        speed: this.speed,
        plots: this.source.plots().map((p) => ({ names: p.plotNames, horizon: p.horizonTimesteps })),
        ...this.source.hello(),
      }),
    );
    if (frame) c.send(encodeFrame(frame));
    c.send(JSON.stringify({ type: 'state', paused: this.paused, speed: this.speed, t: this.ticks, ...this.source.status() }));
  }

  private message(c: Client, raw: unknown): void {
    if (typeof raw !== 'object' || raw === null) throw new Error('not an object');
    const m = raw as Record<string, unknown>;
    switch (m.type) {
      case 'keys': {
        if (!Array.isArray(m.down) || m.down.length > 16 || !m.down.every((k) => typeof k === 'string' && isKeyName(k)))
          throw new Error('keys.down must be a list of at most 16 key names');
        this.keys.set(c.id, new Set(m.down as string[]));
        this.recomputeHeld();
        return;
      }
      case 'pause':
        this.paused = typeof m.paused === 'boolean' ? m.paused : !this.paused;
        this.credit = 0;
        this.sendState();
        return;
      case 'step':
        if (!this.paused) this.paused = true;
        else this.steps = Math.min(this.steps + 1, 8);
        this.sendState();
        return;
      case 'reset':
        this.source.reset();
        this.publish();
        return;
      case 'speed': {
        const s = Number(m.value);
        if (!(SPEEDS as readonly number[]).includes(s)) throw new Error(`speed must be one of ${SPEEDS.join(', ')}`);
        this.speed = s;
        this.sendState();
        return;
      }
      default:
        if (this.source.onMessage) return this.source.onMessage(m);
        throw new Error(`unknown message type ${JSON.stringify(m.type)}`);
    }
  }

  private recomputeHeld(): void {
    this.held = new Set([...this.keys.values()].flatMap((s) => [...s]));
  }
}
