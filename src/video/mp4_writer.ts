// Streams raw RGB frames into ffmpeg (through fluent-ffmpeg) and gets an H.264 mp4 out.
// ffmpeg writes to a hidden temporary name beside the target; only a clean exit renames it to
// the final name, so a failed or killed encode never leaves a truncated video there.
import { once } from 'node:events';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { ChildProcess } from 'node:child_process';
import ffmpeg from 'fluent-ffmpeg';

import type { RgbFrame } from '../env/core.ts';
import { FFMPEG_FIX, resolveFfmpeg, type FfmpegChoice } from './ffmpeg_path.ts';

export interface Mp4WriterOptions {
  width: number;
  height: number;
  /** Frames per second of the video (the Atari's is 60 per emulated frame; see RecordVideo). */
  fps: number;
  /** x264 constant rate factor: lower is closer to the source (0 is lossless); default 18. */
  crf?: number;
  /** x264 preset; default 'veryfast'. */
  preset?: string;
  /** The ffmpeg to run; default resolveFfmpeg(). */
  ffmpeg?: FfmpegChoice;
}

export interface Mp4Result {
  path: string;
  frames: number;
  width: number;
  height: number;
  fps: number;
}

const STDERR_LINES = 10;

export class Mp4Writer {
  readonly path: string;
  readonly tempPath: string;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly ffmpeg: FfmpegChoice;
  private framesPushed = 0;
  private readonly input: PassThrough;
  private proc?: ChildProcess;
  private exit?: { code: number | null; signal: NodeJS.Signals | null };
  private readonly stderrTail: string[] = [];
  private failure: Error | null = null;
  private ending = false;
  private readonly settled: Promise<void>;
  private readonly started: Promise<void>;

  constructor(file: string, options: Mp4WriterOptions) {
    const { width, height, fps } = options;
    if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0)
      throw new RangeError(`Mp4Writer: width and height must be positive integers, got ${width}x${height}`);
    if (!(Number.isFinite(fps) && fps > 0)) throw new RangeError(`Mp4Writer: fps must be a positive number, got ${fps}`);
    const crf = options.crf ?? 18;
    if (!(Number.isFinite(crf) && crf >= 0 && crf <= 51)) throw new RangeError(`Mp4Writer: crf must be in [0, 51], got ${crf}`);
    this.width = width;
    this.height = height;
    this.fps = fps;
    this.ffmpeg = options.ffmpeg ?? resolveFfmpeg();
    this.path = path.resolve(file);
    const dir = path.dirname(this.path);
    mkdirSync(dir, { recursive: true });
    this.tempPath = path.join(dir, `.${path.basename(this.path)}.${process.pid}-${randomBytes(4).toString('hex')}.part`);

    const frameBytes = width * height * 3;
    // A few frames of buffer at most: the encoder's pace sets the producer's (see write()).
    this.input = new PassThrough({ highWaterMark: Math.max(65536, 2 * frameBytes) });

    // x264's yuv420p needs even sides: pad odd ones with one black row/column.
    const padded = width % 2 !== 0 || height % 2 !== 0;
    ffmpeg.setFfmpegPath(this.ffmpeg.path);
    const command = ffmpeg({ source: this.input, stdoutLines: 0 })
      .inputFormat('rawvideo')
      .inputOptions(['-pix_fmt', 'rgb24', '-s', `${width}x${height}`, '-framerate', String(fps)])
      .videoCodec('libx264')
      .outputOptions([
        '-hide_banner', '-nostats', '-loglevel', 'error',
        '-pix_fmt', 'yuv420p', '-preset', options.preset ?? 'veryfast', '-crf', String(crf),
        '-movflags', '+faststart',
        ...(padded ? ['-vf', 'pad=ceil(iw/2)*2:ceil(ih/2)*2'] : []),
      ])
      .format('mp4')
      .output(this.tempPath);

    let onStart!: () => void;
    this.started = new Promise<void>((resolve) => (onStart = resolve));
    command.on('start', () => {
      // fluent-ffmpeg sets ffmpegProc just before 'start'.
      this.proc = (command as unknown as { ffmpegProc: ChildProcess }).ffmpegProc;
      this.proc.on('exit', (code, signal) => (this.exit = { code, signal }));
      onStart();
    });
    command.on('stderr', (line: string) => {
      if (!line.trim()) return;
      this.stderrTail.push(line.trimEnd());
      if (this.stderrTail.length > STDERR_LINES) this.stderrTail.shift();
    });
    this.settled = new Promise<void>((resolve, reject) => {
      command.on('end', () => {
        try {
          renameSync(this.tempPath, this.path);
          resolve();
        } catch (e) {
          this.fail(new Error(`ffmpeg finished but ${this.tempPath} could not be renamed to ${this.path}: ${(e as Error).message}`));
          reject(this.failure);
        }
      });
      command.on('error', (err: Error) => {
        this.fail(this.describe(err));
        reject(this.failure);
      });
    });
    // Failures surface through write()/finish(); never as an unhandled rejection.
    this.settled.catch(() => {});
    command.run();
  }

  /** The ffmpeg process id once it has started (for diagnostics). */
  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** Resolves once ffmpeg has been spawned (or has failed to be). */
  async whenStarted(): Promise<void> {
    await Promise.race([this.started, this.settled]).catch(() => {});
  }

  get frames(): number {
    return this.framesPushed;
  }

  /**
   * Queues one frame (copied, so the caller may reuse its buffer) and returns false when the
   * queue is full: then await ready() before pushing more to keep memory flat.
   */
  push(frame: RgbFrame | Uint8Array): boolean {
    if (this.failure) throw this.failure;
    if (this.ending) throw new Error(`Mp4Writer(${this.path}): push() after finish()`);
    const data = frame instanceof Uint8Array ? frame : frame.data;
    if (!(frame instanceof Uint8Array) && (frame.width !== this.width || frame.height !== this.height))
      throw new RangeError(`Mp4Writer(${this.path}): frame is ${frame.width}x${frame.height}, the video is ${this.width}x${this.height}`);
    if (data.length !== this.width * this.height * 3)
      throw new RangeError(`Mp4Writer(${this.path}): frame has ${data.length} bytes, expected ${this.width}x${this.height}x3 = ${this.width * this.height * 3}`);
    this.framesPushed++;
    return this.input.write(Buffer.from(data));
  }

  /** Waits until ffmpeg has taken the queued frames; rejects with the writer's error if it failed. */
  async ready(): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.input.writableNeedDrain) return;
    await Promise.race([once(this.input, 'drain'), this.settled]);
    if (this.failure) throw this.failure;
  }

  /** push() then, when the queue is full, ready(): the backpressure-respecting way to write. */
  async write(frame: RgbFrame | Uint8Array): Promise<void> {
    if (!this.push(frame)) await this.ready();
  }

  /** Ends the input, waits for ffmpeg to exit and moves the video to its final name. */
  async finish(): Promise<Mp4Result> {
    if (this.failure) throw this.failure;
    if (!this.ending) {
      this.ending = true;
      this.input.end();
    }
    await this.settled;
    return { path: this.path, frames: this.framesPushed, width: this.width + (this.width % 2), height: this.height + (this.height % 2), fps: this.fps };
  }

  /** Stops ffmpeg and removes the temporary file; nothing is written under the final name. */
  async abort(): Promise<void> {
    if (!this.failure) this.fail(new Error(`Mp4Writer(${this.path}): aborted; no video was written`));
    this.ending = true;
    this.proc?.kill('SIGKILL');
    await this.settled.catch(() => {});
    rmSync(this.tempPath, { force: true });
  }

  private fail(err: Error): void {
    if (!this.failure) this.failure = err;
    rmSync(this.tempPath, { force: true });
    this.input.destroy();
  }

  private describe(err: Error): Error {
    if (this.failure) return this.failure;
    const who = `ffmpeg (${this.ffmpeg.path}, chosen from ${this.ffmpeg.source})`;
    // Node sets these before 'exit' is emitted, so they are right even if fluent-ffmpeg reports first.
    const signal = this.exit?.signal ?? this.proc?.signalCode ?? null;
    const code = this.exit?.code ?? this.proc?.exitCode ?? null;
    let what: string;
    let fix: string;
    if (signal) {
      what = `was killed by signal ${signal}`;
      fix = 'Something stopped ffmpeg (out of memory, or a kill); run again, with a smaller --scale if memory is short.';
    } else if (code !== null) {
      what = `exited with code ${code}`;
      fix = `Read ffmpeg's message above. The ffmpeg must support libx264 and mp4. ${FFMPEG_FIX}`;
    } else {
      what = `could not be run (${err.message})`;
      fix = FFMPEG_FIX;
    }
    const tail = this.stderrTail.length ? `Last ffmpeg output:\n  ${this.stderrTail.join('\n  ')}` : 'ffmpeg printed no error message.';
    const e = new Error(`${who} ${what} while writing ${this.path} (${this.framesPushed} frames sent). ${tail}\nNo video was written to ${this.path}. ${fix}`);
    Object.assign(e, { exitCode: code, signal });
    return e;
  }
}
