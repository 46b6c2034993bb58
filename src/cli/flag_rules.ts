// Which values each command's numeric flags accept, the checks across flags, and which flags may
// change when a run is resumed. tests/flag_rules.test.ts requires a range for every numeric key.
import type { DqnConfig } from '../agents/dqn.ts';
import type { GanConfig } from '../agents/dcgan.ts';
import type { CartPoleDqnConfig } from '../agents/cartpole_dqn.ts';
import type { ReinforceConfig } from '../agents/reinforce.ts';
import type { PixelDqnConfig } from '../agents/cartpole_pixels_dqn.ts';
import { ranges as r, type Range } from './flags.ts';

type Ranges<T> = Partial<Record<keyof T, Range>>;
type Relation<T> = (c: T) => string | undefined;

const bufferHoldsBatch = (c: { bufferSize: number; batchSize: number }) =>
  c.bufferSize < c.batchSize ? `--buffer-size (${c.bufferSize}) must be at least --batch-size (${c.batchSize})` : undefined;

export const dqnRanges: Ranges<DqnConfig> = {
  seed: r.seed,
  totalSteps: r.count,
  bufferSize: { integer: true, min: 6 }, // a stack of 4 plus a transition's two ends
  learningRate: r.positive,
  batchSize: r.count,
  gamma: r.fraction,
  trainFrequency: r.count,
  targetUpdateFrequency: r.count,
  tau: { above: 0, max: 1 },
  learningStarts: r.countOrZero,
  epsilonStart: r.fraction,
  epsilonEnd: r.fraction,
  explorationFraction: r.fraction,
  epsilonDecay: r.positive,
  maxGradNorm: r.nonNegative, // 0 = no clipping
  nStep: r.count,
  priorityAlpha: r.fraction,
  priorityBeta: r.fraction,
  evalEpisodes: r.countOrZero,
  evalEpsilon: r.fraction,
  evalVideos: r.countOrZero,
  checkpointFrequency: r.countOrZero, // 0 = only at the end
  maxEpisodeFrames: r.countOrZero,    // 0 = no cap, as in ALE
  numEnvs: { integer: true, min: 1, max: 256 },
  gradientSteps: r.count,
};

export const dqnRelations: Relation<DqnConfig>[] = [
  bufferHoldsBatch,
  (c) => c.learningStarts > c.totalSteps ? `--learning-starts (${c.learningStarts}) must be at most --total-steps (${c.totalSteps})` : undefined,
  (c) => c.numEnvs > 1 && c.prioritized ? `--prioritized runs with one env (its priority tree spans one replay stream): drop --num-envs ${c.numEnvs} or --prioritized` : undefined,
  (c) => c.numEnvs > 1 && Math.floor(c.bufferSize / c.numEnvs) < 6
    ? `--buffer-size ${c.bufferSize} over --num-envs ${c.numEnvs} leaves fewer than 6 slots per env: raise --buffer-size to at least ${6 * c.numEnvs}` : undefined,
];

/** Flags a resumed DQN run may change (the change is logged in the run's resumes.jsonl). */
export const dqnMayChangeOnResume = ['totalSteps', 'evalEpisodes', 'evalEpsilon', 'evalVideos', 'saveReplay', 'checkpointFrequency'] as const satisfies readonly (keyof DqnConfig)[];

export const ganRanges: Ranges<GanConfig> = {
  seed: r.seed,
  iterations: r.count,
  batchSize: r.count,
  latentSize: r.count,
  learningRate: r.positive,
  beta1: { min: 0, below: 1 },
  beta2: { min: 0, below: 1 },
  leakySlope: r.fraction,
  reportEvery: r.count,
  imageEvery: r.count,
  checkpointEvery: r.countOrZero, // 0 = only at the end
};

export const ganMayChangeOnResume = ['iterations', 'reportEvery', 'imageEvery', 'checkpointEvery'] as const satisfies readonly (keyof GanConfig)[];

export const cartPoleDqnRanges: Ranges<CartPoleDqnConfig> = {
  seed: r.seed,
  totalSteps: r.count,
  batchSize: r.count,
  gamma: r.fraction,
  epsilonStart: r.fraction,
  epsilonEnd: r.fraction,
  epsilonDecay: r.positive,
  tau: { above: 0, max: 1 },
  learningRate: r.positive,
  weightDecay: r.nonNegative,
  bufferSize: r.count,
  hidden: r.count,
  gradClip: r.positive,
  evalEvery: r.countOrZero,   // 0 = never
  evalEpisodes: r.count,
  stopAtScore: r.nonNegative, // 0 = run all steps
};

export const reinforceRanges: Ranges<ReinforceConfig> = {
  seed: r.seed,
  episodes: r.count,
  gamma: r.fraction,
  learningRate: r.positive,
  hidden: r.count,
};

export const pixelDqnRanges: Ranges<PixelDqnConfig> = {
  seed: r.seed,
  episodes: r.count,
  batchSize: r.count,
  gamma: r.fraction,
  epsilonStart: r.fraction,
  epsilonEnd: r.fraction,
  epsilonDecay: r.positive,
  targetUpdateEpisodes: r.count,
  learningRate: r.positive,
  bufferSize: r.count,
};

export const cartPoleRelations: Relation<{ bufferSize: number; batchSize: number }>[] = [bufferHoldsBatch];
