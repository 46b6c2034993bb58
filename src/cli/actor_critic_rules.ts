// The accepted values of the actor-critic commands' numeric flags, their checks across flags,
// and which flags may change when a run is resumed (see flag_rules.ts for the other commands).
import type { PpoConfig } from '../agents/ppo.ts';
import type { A2cConfig } from '../agents/a2c.ts';
import type { DdpgConfig } from '../agents/ddpg.ts';
import type { Td3Config } from '../agents/td3.ts';
import { NOISE_KINDS } from '../agents/action_noise.ts';
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
  batchSize: r.count, explorationNoise: r.nonNegative, noiseTheta: r.positive, noiseDt: r.positive, learningStarts: r.countOrZero, policyFrequency: r.count, hidden: r.count,
  evalEpisodes: r.countOrZero, evalVideos: r.countOrZero, checkpointFrequency: r.countOrZero,
};

export const td3Ranges: Ranges<Td3Config> = { ...ddpgRanges, policyNoise: r.nonNegative, noiseClip: r.nonNegative };

/** The string-valued flags' accepted values and what the noise flags mean (shown by --help). */
export const ddpgChoices = { noise: NOISE_KINDS };
export const ddpgHelp: Record<string, string> = {
  noise: 'exploration noise: gaussian (independent each step) or ou (Ornstein-Uhlenbeck, correlated in time; reset at each episode end)',
  explorationNoise: "gaussian: the std; ou: sigma, the scale of the process's increments (both in units of the action range's half-width)",
  noiseTheta: 'ou only: the pull back to 0 per unit of time (stationary std about sigma / sqrt(2 theta))',
  noiseDt: 'ou only: the time step of the process (correlation time about 1 / (theta dt) env steps)',
};
export const td3Help: Record<string, string> = {
  ...ddpgHelp,
  policyNoise: "TD3's target policy smoothing: the std of the noise added to the target action (units of the half-width)",
  noiseClip: 'that noise is clipped to +-this before it is added',
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

export const ddpgRelations: Relation<DdpgConfig | Td3Config>[] = [
  (c) => (c.bufferSize < c.batchSize ? `--buffer-size (${c.bufferSize}) must be at least --batch-size (${c.batchSize})` : undefined),
  (c) => (c.learningStarts > c.totalSteps ? `--learning-starts (${c.learningStarts}) must be at most --total-steps (${c.totalSteps})` : undefined),
];

/** Flags a resumed run may change (each change is logged); any other that contradicts the run is refused. */
export const actorCriticMayChangeOnResume = ['totalSteps', 'evalEpisodes', 'evalVideos', 'checkpointFrequency'] as const;
