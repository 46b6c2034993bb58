// Records episodes to mp4 files as Gymnasium's RecordVideo does: the env's render() frame after
// each reset and step, one file per recorded episode (PREFIX-episode-ID.mp4, ids from 0), the
// episodes picked by episodeTrigger. Works on any env whose render() returns an RgbFrame.
import path from 'node:path';

import { Wrapper, type Env, type RgbFrame, type ResetResult, type StepResult } from '../env/core.ts';
import { Mp4Writer } from '../video/mp4_writer.ts';

/** Gymnasium's default: episodes 0, 1, 8, 27, ..., 729 (perfect cubes), then every 1000th. */
export function cappedCubicVideoSchedule(episodeId: number): boolean {
  if (episodeId < 1000) return Math.round(Math.cbrt(episodeId)) ** 3 === episodeId;
  return episodeId % 1000 === 0;
}

export interface RecordVideoOptions {
  videoFolder: string;
  /** Which episodes (ids from 0) to record; default cappedCubicVideoSchedule. */
  episodeTrigger?: (episodeId: number) => boolean;
  /** Default 'rl-video'. */
  namePrefix?: string;
  /**
   * Default: the unwrapped env's renderFps (Atari 60 / frameskip, CartPole 50), else 30.
   * One video frame per env step, so an Atari env with frameskip 4 plays at 15 fps.
   */
  fps?: number;
  crf?: number;
}

export class RecordVideo<Obs, Act> extends Wrapper<Obs, Act> {
  readonly videoFolder: string;
  readonly namePrefix: string;
  readonly fps: number;
  private readonly trigger: (episodeId: number) => boolean;
  private readonly crf?: number;
  /** Id of the current episode: -1 before the first reset. */
  episodeId = -1;
  private writer: Mp4Writer | null = null;
  private recording = false;
  private readonly finishing: Promise<void>[] = [];
  private readonly errors: Error[] = [];
  /** Paths of the videos completed so far. */
  readonly videos: string[] = [];

  constructor(env: Env<Obs, Act>, options: RecordVideoOptions) {
    super(env);
    if (!options?.videoFolder) throw new Error('RecordVideo: videoFolder is required (the folder to write the mp4 files to)');
    this.videoFolder = path.resolve(options.videoFolder);
    this.namePrefix = options.namePrefix ?? 'rl-video';
    if (/[\\/]/.test(this.namePrefix)) throw new Error(`RecordVideo: namePrefix must be a file name prefix without slashes, got '${this.namePrefix}'`);
    this.trigger = options.episodeTrigger ?? cappedCubicVideoSchedule;
    this.fps = options.fps ?? env.unwrapped.renderFps ?? 30;
    if (!(Number.isFinite(this.fps) && this.fps > 0)) throw new RangeError(`RecordVideo: fps must be a positive number, got ${this.fps}`);
    this.crf = options.crf;
  }

  /** Where the video of an episode goes. */
  videoPath(episodeId: number): string {
    return path.join(this.videoFolder, `${this.namePrefix}-episode-${episodeId}.mp4`);
  }

  reset(options?: { seed?: number }): ResetResult<Obs> {
    this.throwIfFailed();
    this.stopRecording(); // an episode cut short by reset keeps the frames it had
    const r = this.env.reset(options);
    this.episodeId++;
    this.recording = this.trigger(this.episodeId);
    if (this.recording) this.capture();
    return r;
  }

  step(action: Act): StepResult<Obs> {
    this.throwIfFailed();
    const r = this.env.step(action);
    if (this.recording) {
      this.capture();
      if (r.terminated || r.truncated) this.stopRecording();
    }
    return r;
  }

  /**
   * step() hands frames to ffmpeg without waiting; in an async loop, await this now and then
   * (e.g. every step) so frames never pile up in memory faster than ffmpeg encodes them.
   */
  async ready(): Promise<void> {
    await this.writer?.ready();
  }

  /** Finishes the video being recorded and waits for all files; rejects with the first failure. */
  async finish(): Promise<string[]> {
    this.stopRecording();
    await Promise.all(this.finishing);
    this.throwIfFailed();
    return [...this.videos];
  }

  /** Closes the env; an open video is finished in the background (await finish() to know it is done). */
  close(): void {
    this.stopRecording();
    this.env.close();
  }

  private capture(): void {
    let frame: RgbFrame;
    try {
      frame = this.env.render();
    } catch (e) {
      throw new Error(`RecordVideo needs an env whose render() returns an RGB frame: ${(e as Error).message}`);
    }
    if (!frame || !(frame.data instanceof Uint8Array) || frame.data.length !== frame.width * frame.height * 3)
      throw new Error('RecordVideo needs an env whose render() returns an RGB frame { data: Uint8Array (width*height*3), width, height }');
    this.writer ??= new Mp4Writer(this.videoPath(this.episodeId), { width: frame.width, height: frame.height, fps: this.fps, crf: this.crf });
    this.writer.push(frame);
  }

  private stopRecording(): void {
    this.recording = false;
    const w = this.writer;
    if (!w) return;
    this.writer = null;
    this.finishing.push(
      w.finish().then(
        (r) => void this.videos.push(r.path),
        (e: Error) => void this.errors.push(e),
      ),
    );
  }

  private throwIfFailed(): void {
    if (this.errors.length) throw this.errors[0];
  }
}
