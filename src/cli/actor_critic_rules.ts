// The accepted values of the actor-critic commands' numeric flags, their checks across flags,
// and which flags may change when a run is resumed (see flag_rules.ts for the other commands).
import type { PpoConfig } from '../agents/ppo.ts';
import type { A2cConfig } from '../agents/a2c.ts';
import type { DdpgConfig } from '../agents/ddpg.ts';
import { ranges as r, type Range } from './flags.ts';

type Ranges<T> = Partial<Record<keyof T, Range>>;
type Relation<T> = (c: T) => string | undefined;

const common = {
  seed: r.seed, totalSteps: r.count, learningRate: r.positive, numEnvs: { integer: true, min: 1, max: 4096 }, numSteps: r.count,
  gamma: r.fraction, gaeLambda: r.fraction, entCoef: r.nonNegative, vfCoef: r.nonNegative, maxGradNorm: r.nonNegative,
  evalEpisodes: r.countOrZero, evalVideos: r.countOrZero, checkpointFrequency: r.countOrZero, maxEpisodeFrames: r.countOrZero,
} satisfies Ranges<PpoConfig & A2cConfig>;

export const ppoRanges: Ranges<PpoConfig> = {
  ...common, numMinibatches: r.count, updateEpochs: r.count, clipCoef: r.positive, targetKl: r.nonNegative,
};

export const a2cRanges: Ranges<A2cConfig> = { ...common, rmsPropAlpha: { min: 0, below: 1 }, rmsPropEps: r.positive };

export const ddpgRanges: Ranges<DdpgConfig> = {
  seed: r.seed, totalSteps: r.count, learningRate: r.positive, bufferSize: r.count, gamma: r.fraction, tau: { above: 0, max: 1 },
  batchSize: r.count, explorationNoise: r.nonNegative, ouTheta: r.nonNegative, ouDt: r.positive, learningStarts: r.countOrZero, policyFrequency: r.count, hidden: r.count,
  evalEpisodes: r.countOrZero, evalVideos: r.countOrZero, checkpointFrequency: r.countOrZero,
};

const oneRollout: Relation<{ totalSteps: number; numEnvs: number; numSteps: number }> = (c) =>
  c.totalSteps < c.numEnvs * c.numSteps ? `--total-steps (${c.totalSteps}) must be at least one rollout, --num-envs x --num-steps = ${c.numEnvs * c.numSteps}` : undefined;

export const ppoRelations: Relation<PpoConfig>[] = [
  oneRollout,
  (c) => {
    const batch = c.numEnvs * c.numSteps;
    return batch % c.numMinibatches !== 0 || batch / c.numMinibatches < 2
      ? `--num-minibatches (${c.numMinibatches}) must divide --num-envs x --num-steps (${batch}) into minibatches of at least 2` : undefined;
  },
];

export const a2cRelations: Relation<A2cConfig>[] = [oneRollout];

export const ddpgRelations: Relation<DdpgConfig>[] = [
  (c) => (c.bufferSize < c.batchSize ? `--buffer-size (${c.bufferSize}) must be at least --batch-size (${c.batchSize})` : undefined),
  (c) => (c.learningStarts > c.totalSteps ? `--learning-starts (${c.learningStarts}) must be at most --total-steps (${c.totalSteps})` : undefined),
];

/** Flags a resumed run may change (each change is logged); any other that contradicts the run is refused. */
export const actorCriticMayChangeOnResume = ['totalSteps', 'evalEpisodes', 'evalVideos', 'checkpointFrequency'] as const;
