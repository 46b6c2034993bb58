// Plays episodes of an Atari game through the DeepMind wrappers and records them into one mp4.
// Every emulated frame is recorded (a tap sits right above the frameskip-1 emulator, below
// MaxAndSkip), so the video runs at the console's own 60 frames per second.
import { AtariEnv } from '../env/atari.ts';
import type { Env, RgbFrame } from '../env/core.ts';
import { Rng } from '../env/rng.ts';
import type { Discrete } from '../env/spaces.ts';
import { wrapDeepMind } from '../wrappers/atari_wrappers.ts';
import { FrameTap } from '../wrappers/frame_tap.ts';
import type { LazyFrames } from '../wrappers/lazy_frames.ts';
import { episodeFrame, episodeLabel, type AgentStack } from './episode_frame.ts';
import { Mp4Writer, type Mp4Result } from './mp4_writer.ts';

/** NTSC Atari: the emulator steps 60 frames per second of game time. */
export const ATARI_FPS = 60;
/** Default cap on agent steps per episode: 27,000 steps x 4 frames = the usual 108,000-frame limit. */
export const DEFAULT_MAX_STEPS = 27_000;

export type Policy = (obs: LazyFrames) => number;
export type PolicyFactory = (env: Env<LazyFrames, number>) => Policy;

/** Uniformly random actions from a seeded generator (the same seed gives the same actions). */
export function randomPolicy(seed: number): PolicyFactory {
  return (env) => {
    const rng = new Rng(seed);
    const n = (env.actionSpace as Discrete).n;
    return () => rng.integers(0, n);
  };
}

export interface EpisodeSummary {
  episode: number;
  score: number;
  /** Agent steps (each 4 emulated frames, fewer at a game's end). */
  steps: number;
  /** Video frames of this episode: one per emulated frame, plus one per reset. */
  frames: number;
  end: 'game over' | 'max steps';
}

export interface RenderEpisodesOptions {
  game: string;
  episodes: number;
  out: string;
  /** Integer upscaling of the whole picture; default 2. */
  scale?: number;
  /** Show the agent's 4 stacked 84x84 frames beside the game. */
  agentView?: boolean;
  /** Episode i (from 1) resets with seed + i - 1; default 0. */
  seed?: number;
  maxSteps?: number;
  /** Where actions come from; default randomPolicy(seed). */
  policy?: PolicyFactory;
  crf?: number;
  /** Stops the run between steps; the partial video is removed. */
  signal?: AbortSignal;
  onEpisode?: (summary: EpisodeSummary) => void;
}

export interface RenderResult extends Mp4Result {
  episodes: EpisodeSummary[];
}

export async function renderEpisodes(o: RenderEpisodesOptions): Promise<RenderResult> {
  const scale = o.scale ?? 2;
  const seed = o.seed ?? 0;
  const maxSteps = o.maxSteps ?? DEFAULT_MAX_STEPS;
  if (!Number.isInteger(o.episodes) || o.episodes < 1) throw new RangeError(`episodes must be a positive integer, got ${o.episodes}`);
  if (!Number.isInteger(scale) || scale < 1 || scale > 16) throw new RangeError(`scale must be an integer from 1 to 16, got ${scale}`);
  if (!Number.isInteger(maxSteps) || maxSteps < 1) throw new RangeError(`maxSteps must be a positive integer, got ${maxSteps}`);

  // NoFrameskip-v4 settings (no sticky actions), as the DeepMind pipeline expects underneath.
  const atari = new AtariEnv({ game: o.game, obsType: 'none', frameskip: 1, repeatActionProbability: 0 });
  let episode = 0;
  let score = 0;
  let agent: AgentStack | null = null;
  const pending: RgbFrame[] = [];
  const tap = new FrameTap(atari, (frame, ev) => {
    score += ev.reward;
    pending.push(episodeFrame(frame, episodeLabel(episode, score), scale, agent));
  });
  const env = wrapDeepMind(tap);
  const act = (o.policy ?? randomPolicy(seed))(env);

  let writer: Mp4Writer | undefined;
  // Frames pile up only within one env call (at most a reset's no-ops), then go to ffmpeg at its pace.
  const flush = async () => {
    for (const f of pending) {
      writer ??= new Mp4Writer(o.out, { width: f.width, height: f.height, fps: ATARI_FPS, crf: o.crf });
      await writer.write(f);
    }
    pending.length = 0;
  };

  const summaries: EpisodeSummary[] = [];
  let recorded = 0;
  try {
    for (let ep = 1; ep <= o.episodes; ++ep) {
      episode = ep;
      score = 0;
      // Until the first observation the agent's view is black (the layout keeps its size).
      if (o.agentView) agent = { frames: new Uint8Array(4 * 84 * 84), k: 4, size: 84 };
      // A seed forces a real game reset, also after an episode cut short by maxSteps.
      let obs = env.reset({ seed: seed + ep - 1 }).observation;
      await flush();
      let steps = 0;
      let end: EpisodeSummary['end'];
      for (;;) {
        // The frames of a step show the stack the agent chose its action from.
        if (o.agentView) agent = { frames: obs.toArray(), k: obs.length, size: 84 };
        o.signal?.throwIfAborted();
        const r = env.step(act(obs));
        steps++;
        await flush();
        obs = r.observation;
        // info.episode comes from below EpisodicLife: the game itself is over.
        if ('episode' in r.info) {
          end = 'game over';
          break;
        }
        if (steps >= maxSteps) {
          end = 'max steps';
          break;
        }
        if (r.terminated || r.truncated) {
          obs = env.reset().observation; // a life was lost: the game goes on
          await flush();
        }
      }
      const total = writer?.frames ?? 0;
      const summary = { episode: ep, score, steps, frames: total - recorded, end };
      recorded = total;
      summaries.push(summary);
      o.onEpisode?.(summary);
    }
    const result = await writer!.finish();
    return { ...result, episodes: summaries };
  } catch (e) {
    await writer?.abort();
    throw e;
  } finally {
    env.close();
  }
}
