// The part of the actor-critic training commands (train:control, train:cartpole --algo ppo|a2c,
// train --algo ppo|a2c) that does not depend on where the flags came from: checking them, the
// run directory, --resume (checked by resume.ts before anything is written), the backend, the run
// and its closing `eval:` line.
import fs from 'node:fs';
import path from 'node:path';
import { selectBackend, BACKENDS } from '../tf/backend.ts';
import { RunLogger, runDirectory } from '../logging/run.ts';
import { trainPpo, type PpoConfig } from '../agents/ppo.ts';
import { trainA2c, type A2cConfig } from '../agents/a2c.ts';
import { trainDdpg, type DdpgConfig } from '../agents/ddpg.ts';
import { trainTd3, type Td3Config } from '../agents/td3.ts';
import { checkRelations, UsageError, type FlagSpec, type parseFlags } from './flags.ts';
import { planResume, recordResume } from './resume.ts';
import { a2cRanges, a2cRelations, actorCriticMayChangeOnResume, ddpgChoices, ddpgHelp, ddpgRanges, ddpgRelations, ppoRanges, ppoRelations, td3Help, td3Ranges } from './actor_critic_rules.ts';

export type ActorCriticAlgo = 'ppo' | 'a2c' | 'ddpg' | 'td3';
type AnyConfig = (PpoConfig | A2cConfig | DdpgConfig | Td3Config) & Record<string, unknown>;

/** The flag spec of one algorithm: its defaults (the caller's), ranges and checks across flags. */
export function actorCriticSpec(algo: ActorCriticAlgo, defaults: Record<string, unknown>, extra: FlagSpec<unknown>['extra']): FlagSpec<Record<string, unknown>> {
  const [ranges, relations] = algo === 'ppo' ? [ppoRanges, ppoRelations] : algo === 'a2c' ? [a2cRanges, a2cRelations]
    : algo === 'ddpg' ? [ddpgRanges, ddpgRelations] : [td3Ranges, ddpgRelations];
  const offPolicy = algo === 'ddpg' || algo === 'td3';
  return {
    defaults, ranges: ranges as FlagSpec<Record<string, unknown>>['ranges'], relations: relations as unknown as FlagSpec<Record<string, unknown>>['relations'], extra,
    ...(offPolicy ? { choices: ddpgChoices, help: algo === 'td3' ? td3Help : ddpgHelp } : {}),
  };
}

export const ACTOR_CRITIC_EXTRA = {
  backend: 'string', 'run-name': 'string', 'runs-dir': 'string', resume: 'boolean', strict: 'boolean', quiet: 'boolean', help: 'boolean',
} as const;

/**
 * Trains one run. `fixed` are config values the command sets itself (env, game); `target` names
 * the run by default (ALGO-TARGET-SEED).
 */
export async function trainActorCritic(
  algo: ActorCriticAlgo, spec: FlagSpec<Record<string, unknown>>, parsed: ReturnType<typeof parseFlags<Record<string, unknown>>>,
  fixed: Record<string, unknown>, target: string,
): Promise<void> {
  const { extra } = parsed;
  const backendName = String(extra.backend ?? 'auto');
  if (!(BACKENDS as readonly string[]).includes(backendName)) throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, got '${backendName}'`);
  const root = String(extra['runs-dir'] ?? 'runs');
  const name = String(extra['run-name'] ?? `${algo}-${target}-${parsed.config.seed}`);
  const resume = extra.resume === true;
  // A resume is checked against the run before anything is written to it.
  const full = { defaults: { ...spec.defaults, ...fixed } };
  const plan = resume
    ? planResume({ runDir: runDirectory(root, name), spec: full, flags: { ...parsed.config, ...fixed }, given: parsed.given, lengthKey: 'totalSteps', mayChange: actorCriticMayChangeOnResume, strict: extra.strict === true })
    : undefined;
  if (plan) {
    const saved = JSON.parse(fs.readFileSync(path.join(plan.runDir, 'config.json'), 'utf8')) as Record<string, unknown>;
    if (saved.algo !== algo) throw new UsageError(`--resume: ${plan.runDir} is a ${saved.algo ?? 'dqn'} run, not ${algo}; pass --algo ${saved.algo ?? 'dqn'}`, false);
    for (const [k, v] of Object.entries(fixed))
      if (v && saved[k] !== v) throw new UsageError(`--resume: ${plan.runDir} trained on ${saved[k]}, not ${v}; pass --${k} ${saved[k]}`, false);
  }
  const c = (plan?.config ?? { ...parsed.config, ...fixed }) as AnyConfig;
  checkRelations(spec, c);

  const run = new RunLogger({ root, name, resume, quiet: extra.quiet === true });
  const backend = await selectBackend(backendName);
  run.log(`${backend.description}\nrun directory: ${run.dir}`);
  if (plan) recordResume(run, plan, backend.name);
  run.writeConfig({ algo, ...c, backend: backend.name });
  try {
    const result = algo === 'ppo' ? await trainPpo(c as PpoConfig, run, plan?.from)
      : algo === 'a2c' ? await trainA2c(c as A2cConfig, run, plan?.from)
      : algo === 'ddpg' ? await trainDdpg(c as DdpgConfig, run, plan?.from)
      : await trainTd3(c as Td3Config, run, plan?.from);
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
