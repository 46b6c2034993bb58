// Named departures from CleanRL's defaults, for `npm run train -- --preset NAME`. Flags given with
// a preset still win; the run's config.json records every value the run used.
import type { DqnConfig } from './dqn.ts';

export const DQN_PRESETS = {
  /**
   * Breakout to a playing agent on two CPU cores in about two hours (README, "A trained Breakout
   * agent"): four envs on the native vector env with a gradient step every 8 transitions (CleanRL:
   * every 4), 3-step returns, epsilon annealed over the first 225,000 steps, learning from 20,000,
   * 1.5M steps. The evaluation uses epsilon 0.05 (Mnih et al. 2015) and SB3's 108,000-frame cap.
   */
  fast: {
    numEnvs: 4,
    trainFrequency: 2,
    nStep: 3,
    learningStarts: 20_000,
    bufferSize: 500_000,
    totalSteps: 1_500_000,
    explorationFraction: 0.15,
    evalEpsilon: 0.05,
    maxEpisodeFrames: 108_000,
  },
} satisfies Record<string, Partial<DqnConfig>>;

export type DqnPresetName = keyof typeof DQN_PRESETS;

/** The value of --preset in argv (--preset NAME or --preset=NAME), checked; undefined when absent. */
export function presetFromArgv(argv: string[]): DqnPresetName | undefined {
  const i = argv.findIndex((a) => a === '--preset' || a.startsWith('--preset='));
  if (i < 0) return undefined;
  const name = argv[i].includes('=') ? argv[i].slice('--preset='.length) : argv[i + 1];
  if (name === undefined || !(name in DQN_PRESETS))
    throw new Error(`--preset must be one of ${Object.keys(DQN_PRESETS).join(', ')}, got '${name ?? ''}'`);
  return name as DqnPresetName;
}
