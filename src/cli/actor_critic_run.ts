// The part of the actor-critic training commands (train:control, train:cartpole --algo ppo|a2c,
// train --algo ppo|a2c) that does not depend on where the flags came from: checking them, the
// run directory, --resume, the backend, the run and its closing `eval:` line.
import { selectBackend, BACKENDS } from '../tf/backend.ts';
import { RunLogger } from '../logging/run.ts';
import { trainPpo, type PpoConfig } from '../agents/ppo.ts';
import { trainA2c, type A2cConfig } from '../agents/a2c.ts';
import { trainDdpg, type DdpgConfig } from '../agents/ddpg.ts';
import { UsageError } from './flags.ts';

export type ActorCriticAlgo = 'ppo' | 'a2c' | 'ddpg';
type AnyConfig = (PpoConfig | A2cConfig | DdpgConfig) & Record<string, unknown>;

const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

/** Flag values that would fail deep inside training, refused up front with the flag's name. */
export function checkConfig(algo: ActorCriticAlgo, c: AnyConfig): void {
  const positive = ['totalSteps', 'numEnvs', 'numSteps', 'numMinibatches', 'updateEpochs', 'bufferSize', 'batchSize', 'policyFrequency', 'hidden'];
  const nonNegative = ['evalEpisodes', 'evalVideos', 'checkpointFrequency', 'learningStarts', 'seed', 'maxEpisodeFrames'];
  for (const k of positive)
    if (k in c && !(Number.isInteger(c[k]) && (c[k] as number) >= 1)) throw new UsageError(`--${kebab(k)} must be a positive integer, got ${c[k]}`);
  for (const k of nonNegative)
    if (k in c && !(Number.isInteger(c[k]) && (c[k] as number) >= 0)) throw new UsageError(`--${kebab(k)} must be an integer >= 0, got ${c[k]}`);
  for (const k of ['learningRate', 'gamma', 'gaeLambda', 'clipCoef', 'tau', 'rmsPropEps', 'rmsPropAlpha'])
    if (k in c && !((c[k] as number) > 0)) throw new UsageError(`--${kebab(k)} must be a positive number, got ${c[k]}`);
  for (const k of ['gamma', 'gaeLambda', 'tau', 'rmsPropAlpha'])
    if (k in c && (c[k] as number) > 1) throw new UsageError(`--${kebab(k)} must be at most 1, got ${c[k]}`);
  if (algo !== 'ddpg') {
    const p = c as PpoConfig;
    const batch = p.numEnvs * p.numSteps;
    if (p.totalSteps < batch) throw new UsageError(`--total-steps (${p.totalSteps}) must be at least one rollout, --num-envs x --num-steps = ${batch}`);
    if (algo === 'ppo' && (batch % p.numMinibatches !== 0 || batch / p.numMinibatches < 2))
      throw new UsageError(`--num-minibatches (${p.numMinibatches}) must divide --num-envs x --num-steps (${batch}) into minibatches of at least 2`);
  }
}

export async function trainActorCritic(algo: ActorCriticAlgo, config: AnyConfig, extra: Record<string, string | number | boolean>, target: string): Promise<void> {
  checkConfig(algo, config);
  const backendName = String(extra.backend ?? 'auto');
  if (!(BACKENDS as readonly string[]).includes(backendName)) throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, got '${backendName}'`);
  const resume = extra.resume === true;
  const name = String(extra['run-name'] ?? `${algo}-${target}-${config.seed}`);
  const run = new RunLogger({ root: String(extra['runs-dir'] ?? 'runs'), name, resume, quiet: extra.quiet === true });
  let from: string | undefined;
  let c = config;
  if (resume) {
    from = run.latestCheckpoint();
    if (!from) throw new Error(`--resume: no complete checkpoint in ${run.dir}/checkpoints`);
    const saved = run.readConfig<AnyConfig & { algo?: string }>();
    if (saved?.algo && saved.algo !== algo) throw new Error(`--resume: ${run.dir} is a ${saved.algo} run, not ${algo}; pass --algo ${saved.algo}`);
    // The saved configuration wins, except the run length, which may be extended.
    c = { ...(saved ?? config), totalSteps: config.totalSteps } as AnyConfig;
    delete (c as Record<string, unknown>).algo;
    delete (c as Record<string, unknown>).backend;
  }
  const backend = await selectBackend(backendName);
  run.log(`${backend.description}\nrun directory: ${run.dir}`);
  run.writeConfig({ algo, ...c, backend: backend.name });
  try {
    const result = algo === 'ppo' ? await trainPpo(c as PpoConfig, run, from)
      : algo === 'a2c' ? await trainA2c(c as A2cConfig, run, from)
      : await trainDdpg(c as DdpgConfig, run, from);
    const mean = result.evalReturns.length ? result.evalReturns.reduce((s, v) => s + v, 0) / result.evalReturns.length : NaN;
    run.log(`finished ${result.steps} steps (${result.episodes} training episodes, ${result.stepsPerSecond.toFixed(0)} steps/s)`);
    console.log(`eval: mean return ${Number.isNaN(mean) ? 'n/a' : mean.toFixed(2)} over ${result.evalReturns.length} episodes`);
  } finally {
    run.close();
  }
}

/** The value of --algo (or --algo=...) in argv, and argv without it. */
export function takeAlgo(argv: string[]): { algo: string | undefined; rest: string[] } {
  const i = argv.findIndex((a) => a === '--algo' || a.startsWith('--algo='));
  if (i < 0) return { algo: undefined, rest: argv };
  if (argv[i].includes('=')) return { algo: argv[i].slice('--algo='.length), rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
  const v = argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new UsageError('--algo needs a value');
  return { algo: v, rest: [...argv.slice(0, i), ...argv.slice(i + 2)] };
}

/** The value of --name (or --name=...) in argv, if given. */
export function peekFlag(argv: string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return argv[i].includes('=') ? argv[i].slice(name.length + 3) : argv[i + 1];
}
