// Public entry point: environments (Atari and classic control), spaces, wrappers.
import { registerAtariGames } from './env/atari.ts';
import { native } from './native.ts';

export { ALE, ACTION_MEANINGS } from './env/ale.ts';
export { AtariEnv } from './env/atari.ts';
export { listGames, type GameInfo } from './env/games.ts';
export { AtariVectorEnv } from './env/vector.ts';
export type { AtariVectorEnvOptions, VectorResult } from './env/vector.ts';
export { Env, Wrapper, ObservationWrapper, RewardWrapper, ActionWrapper } from './env/core.ts';
export type { StepResult, ResetResult, RgbFrame, Info } from './env/core.ts';
export { Box, Discrete } from './env/spaces.ts';
export { make, register, registeredIds } from './env/registry.ts';
export { CartPoleEnv } from './env/classic/cartpole.ts';
export { MountainCarEnv } from './env/classic/mountain_car.ts';
export { MountainCarContinuousEnv } from './env/classic/mountain_car_continuous.ts';
export { PendulumEnv } from './env/classic/pendulum.ts';
export { NumpyGenerator } from './env/np_random.ts';
export { TimeLimit } from './wrappers/time_limit.ts';
export { SyncVectorEnv, makeSyncVectorEnv, AUTORESET_MODES } from './env/sync_vector.ts';
export type { AutoresetMode, VectorInfo, VectorResetResult, VectorStepResult } from './env/sync_vector.ts';
export { ClipAction } from './wrappers/clip_action.ts';
export { RescaleAction } from './wrappers/rescale_action.ts';
export { NormalizeObservation } from './wrappers/normalize_observation.ts';
export { NormalizeReward } from './wrappers/normalize_reward.ts';
export { TransformObservation, TransformReward, TransformAction, clipVector } from './wrappers/transform.ts';
export { RunningMeanStd } from './wrappers/running_mean_std.ts';
export { ClipReward } from './wrappers/clip_reward.ts';
export { RecordEpisodeStatistics } from './wrappers/record_episode_statistics.ts';
export { FrameStack } from './wrappers/frame_stack.ts';
export { LazyFrames } from './wrappers/lazy_frames.ts';
export { RecordVideo, cappedCubicVideoSchedule } from './wrappers/record_video.ts';
export { FrameTap } from './wrappers/frame_tap.ts';
export { Mp4Writer } from './video/mp4_writer.ts';
export { resolveFfmpeg } from './video/ffmpeg_path.ts';
export { renderEpisodes, randomPolicy } from './video/render_episodes.ts';

registerAtariGames((native().listGames() as { id: string }[]).map((g) => g.id));
