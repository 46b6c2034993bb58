// The batched environments the actor-critic agents collect rollouts from, behind one small
// interface: classic control through SyncVectorEnv (same-step autoreset, so the observation
// after an episode's end is already the next episode's first and the last one is kept for
// bootstrapping a time limit), Atari through the native AtariVectorEnv (the DeepMind pipeline).
// Also the evaluation envs: raw rewards, full games, frozen observation statistics.
import { make } from '../env/registry.ts';
import type { Env } from '../env/core.ts';
import { Box, Discrete } from '../env/spaces.ts';
import { SyncVectorEnv } from '../env/sync_vector.ts';
import { AtariVectorEnv } from '../env/vector.ts';
import { RecordEpisodeStatistics } from '../wrappers/record_episode_statistics.ts';
import { RecordVideo } from '../wrappers/record_video.ts';
import { ClipAction } from '../wrappers/clip_action.ts';
import { NormalizeObservation } from '../wrappers/normalize_observation.ts';
import { NormalizeReward } from '../wrappers/normalize_reward.ts';
import { TransformObservation, TransformReward, clipVector } from '../wrappers/transform.ts';
import { atariEnvId } from './atari_ids.ts';
import type { ActionSpec } from './actor_critic.ts';
import type { ObsArray } from './rollout_buffer.ts';

export interface EpisodeEnd {
  env: number;
  return: number; // raw (unnormalised, unclipped) score of the whole episode
  length: number;
}

export interface RolloutStep {
  obs: ObsArray;            // next observations, [numEnvs * obsSize]; valid until the next step
  rewards: ArrayLike<number>;
  terminated: Uint8Array;
  truncated: Uint8Array;
  /** The last observation of env i's episode that ended in this step. */
  finalObs(i: number): ArrayLike<number> | undefined;
  episodes: EpisodeEnd[];
}

export interface RolloutEnv {
  readonly numEnvs: number;
  readonly obsShape: number[];
  readonly obsSize: number;
  readonly obsType: 'float32' | 'uint8';
  readonly action: ActionSpec;
  /** Box actions: the bounds the env clips to (for DDPG's tanh scaling). */
  readonly actionLow?: Float64Array;
  readonly actionHigh?: Float64Array;
  reset(seed: number): ObsArray;
  step(actions: Float32Array): RolloutStep;
  /** Statistics that belong with the agent (observation normalisation), for checkpoints. */
  saveState(): unknown;
  loadState(state: unknown): void;
  close(): void;
}

/** What the obs-normalising wrapper of each env has learnt, by env index. */
type NormState = { obsRms: ReturnType<NormalizeObservation<Float32Array>['obsRms']['toJSON']>; returnRms?: ReturnType<NormalizeReward<Float32Array, Float32Array>['returnRms']['toJSON']> }[];

export interface ControlEnvOptions {
  /** CleanRL's continuous stack: NormalizeObservation, clip obs to +-10, NormalizeReward(gamma), clip rewards to +-10. */
  normalize?: boolean;
  gamma?: number;
}

export function actionSpecOf(space: unknown, id: string): ActionSpec {
  if (space instanceof Discrete) return { type: 'discrete', n: space.n };
  if (space instanceof Box) return { type: 'box', size: space.size };
  throw new Error(`${id}: unsupported action space ${String(space)}`);
}

/** Classic control: numEnvs copies of make(id), stepped in this thread. */
export function makeControlEnv(id: string, numEnvs: number, o: ControlEnvOptions = {}): RolloutEnv {
  const norms: { obs?: NormalizeObservation<Float32Array>; rew?: NormalizeReward<Float32Array, Float32Array> }[] = [];
  const vec = new SyncVectorEnv<number | Float32Array>(Array.from({ length: numEnvs }, (_, i) => () => {
    let env = new RecordEpisodeStatistics(make(id) as Env<Float32Array, number | Float32Array>) as Env<Float32Array, number | Float32Array>;
    norms[i] = {};
    if (env.actionSpace instanceof Box) env = new ClipAction(env as Env<Float32Array, Float32Array>) as Env<Float32Array, number | Float32Array>;
    if (o.normalize) {
      const obs = new NormalizeObservation(env);
      norms[i].obs = obs as never;
      env = new TransformObservation(obs, clipVector(-10, 10));
      const rew = new NormalizeReward(env, o.gamma ?? 0.99);
      norms[i].rew = rew as never;
      env = new TransformReward(rew, (r) => Math.min(Math.max(r, -10), 10));
    }
    return env;
  }), { autoresetMode: 'same-step' });
  const single = vec.singleObservationSpace;
  // The env's own bounds (ClipAction's space is unbounded).
  const actionSpace = vec.envs[0].unwrapped.actionSpace as unknown;
  return {
    numEnvs,
    obsShape: single.shape,
    obsSize: single.size,
    obsType: 'float32',
    action: actionSpecOf(actionSpace, id),
    actionLow: actionSpace instanceof Box ? actionSpace.low : undefined,
    actionHigh: actionSpace instanceof Box ? actionSpace.high : undefined,
    reset: (seed) => vec.reset({ seed }).observations,
    step(actions) {
      const r = vec.step(actions);
      const final = r.infos.final_obs as (Float32Array | undefined)[] | undefined;
      const fi = r.infos.final_info as { episode?: { r: Float64Array; l: Float64Array }; _episode?: boolean[] } | undefined;
      const episodes: EpisodeEnd[] = [];
      if (fi?.episode) for (let i = 0; i < numEnvs; ++i) if (fi._episode![i]) episodes.push({ env: i, return: fi.episode.r[i], length: fi.episode.l[i] });
      return { obs: r.observations, rewards: r.rewards, terminated: r.terminated, truncated: r.truncated, finalObs: (i) => final?.[i], episodes };
    },
    saveState: (): NormState | null => (o.normalize ? norms.map((n) => ({ obsRms: n.obs!.obsRms.toJSON(), returnRms: n.rew!.returnRms.toJSON() })) : null),
    loadState(state) {
      if (!o.normalize || !state) return;
      const s = state as NormState;
      if (s.length !== numEnvs) throw new Error(`the checkpoint holds normalisation statistics of ${s.length} envs, this run has ${numEnvs}: pass the same --num-envs`);
      s.forEach((st, i) => { norms[i].obs!.obsRms.load(st.obsRms); if (st.returnRms) norms[i].rew!.returnRms.load(st.returnRms); });
    },
    close: () => vec.close(),
  };
}

export interface AtariEnvOptions {
  maxEpisodeFrames?: number; // default 108,000 (30 minutes of play)
  training?: boolean;        // false: full games and raw rewards (evaluation)
  numThreads?: number;
}

/** Atari: the DeepMind pipeline on NoFrameskip-v4 in native threads. */
export function makeAtariRolloutEnv(game: string, numEnvs: number, o: AtariEnvOptions = {}): RolloutEnv {
  const training = o.training ?? true;
  const vec = new AtariVectorEnv(atariEnvId(game), {
    numEnvs, numThreads: o.numThreads, maxNumFramesPerEpisode: o.maxEpisodeFrames ?? 108_000,
    episodicLife: training, clipRewards: training,
  });
  const [, stack, h, w] = vec.observationShape;
  const obsSize = stack * h * w;
  const actions = new Int32Array(numEnvs);
  return {
    numEnvs,
    obsShape: [stack, h, w],
    obsSize,
    obsType: 'uint8',
    action: { type: 'discrete', n: vec.singleActionSpace.n },
    reset: (seed) => vec.reset(seed).observations,
    step(a) {
      for (let i = 0; i < numEnvs; ++i) actions[i] = a[i];
      const r = vec.step(actions);
      const episodes: EpisodeEnd[] = [];
      for (let i = 0; i < numEnvs; ++i) if (r.episodeEnded[i]) episodes.push({ env: i, return: r.episodeReturns[i], length: r.episodeLengths[i] });
      return {
        obs: r.observations, rewards: r.rewards, terminated: r.terminated, truncated: r.truncated, episodes,
        finalObs: (i) => (r.hasFinalObservation[i] ? r.finalObservations.subarray(i * obsSize, (i + 1) * obsSize) : undefined),
      };
    },
    saveState: () => null,
    loadState: () => undefined,
    close: () => vec.close(),
  };
}

/**
 * One env for evaluation: raw rewards, no reward normalisation, observation statistics copied
 * from the training env and frozen; optionally the first episodes recorded to mp4 (classic envs).
 */
export function makeControlEvalEnv(id: string, trainState: unknown, video?: { folder: string; prefix: string; episodes: number }): {
  env: RolloutEnv; recorder?: RecordVideo<Float32Array, number | Float32Array>;
} {
  let recorder: RecordVideo<Float32Array, number | Float32Array> | undefined;
  const stats = (trainState as NormState | null)?.[0]?.obsRms;
  const vec = new SyncVectorEnv<number | Float32Array>([() => {
    let env = make(id) as Env<Float32Array, number | Float32Array>;
    if (video) env = recorder = new RecordVideo(env, { videoFolder: video.folder, namePrefix: video.prefix, episodeTrigger: (e) => e < video.episodes });
    env = new RecordEpisodeStatistics(env);
    if (env.actionSpace instanceof Box) env = new ClipAction(env as Env<Float32Array, Float32Array>) as Env<Float32Array, number | Float32Array>;
    if (stats) {
      const obs = new NormalizeObservation(env);
      obs.obsRms.load(stats);
      obs.updateRunningMean = false;
      env = new TransformObservation(obs, clipVector(-10, 10));
    }
    return env;
  }], { autoresetMode: 'same-step' });
  const space = vec.envs[0].unwrapped.actionSpace as unknown;
  const env: RolloutEnv = {
    numEnvs: 1, obsShape: vec.singleObservationSpace.shape, obsSize: vec.singleObservationSpace.size, obsType: 'float32',
    action: actionSpecOf(space, id),
    actionLow: space instanceof Box ? space.low : undefined,
    actionHigh: space instanceof Box ? space.high : undefined,
    reset: (seed) => vec.reset({ seed }).observations,
    step(actions) {
      const r = vec.step(actions);
      const fi = r.infos.final_info as { episode?: { r: Float64Array; l: Float64Array } } | undefined;
      const episodes = fi?.episode ? [{ env: 0, return: fi.episode.r[0], length: fi.episode.l[0] }] : [];
      return { obs: r.observations, rewards: r.rewards, terminated: r.terminated, truncated: r.truncated, finalObs: () => undefined, episodes };
    },
    saveState: () => null, loadState: () => undefined, close: () => vec.close(),
  };
  return { env, recorder };
}

/** Plays `episodes` episodes with `policy` (a batch of one observation -> action values) and returns their raw returns. */
export async function evaluateEpisodes(
  env: RolloutEnv, episodes: number, seed: number, policy: (obs: ObsArray) => Float32Array | Promise<Float32Array>,
  recorder?: { ready(): Promise<void>; finish(): Promise<string[]> },
): Promise<number[]> {
  const returns: number[] = [];
  let obs = env.reset(seed);
  while (returns.length < episodes) {
    const r = env.step(await policy(obs));
    obs = r.obs;
    for (const e of r.episodes) returns.push(e.return);
    await recorder?.ready();
  }
  await recorder?.finish();
  env.close();
  return returns.slice(0, episodes);
}
