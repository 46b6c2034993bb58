// npm run train -- --game pong [--flags]: DQN on any supported Atari game (every hyperparameter
// is a flag; see --help). npm run train:breakout runs CleanRL's Breakout configuration.
import { selectBackend, BACKENDS } from '../tf/backend.ts';
import { defaultDqnConfig, trainDqn, type DqnConfig } from '../agents/dqn.ts';
import { RunLogger, runDirectory } from '../logging/run.ts';
import { findRom } from '../env/roms.ts';
import { checkRelations, parseFlags, runCli, usage, UsageError, type FlagSpec } from './flags.ts';
import { dqnMayChangeOnResume, dqnRanges, dqnRelations } from './flag_rules.ts';
import { planResume, recordResume } from './resume.ts';

const spec: FlagSpec<DqnConfig> = {
  defaults: defaultDqnConfig,
  choices: {
    epsilonSchedule: ['linear', 'exponential'],
    network: ['nature', 'small'],
    loss: ['huber', 'mse'],
    optimizer: ['adam', 'rmsprop'],
  },
  ranges: dqnRanges,
  relations: dqnRelations,
  extra: { backend: 'string', 'run-name': 'string', 'runs-dir': 'string', resume: 'boolean', strict: 'boolean', quiet: 'boolean', help: 'boolean' },
};

async function main(): Promise<void> {
  const { config, extra, given } = parseFlags(process.argv.slice(2), spec);
  if (extra.help) {
    console.log(usage('npm run train --', spec));
    return;
  }
  const backendName = String(extra.backend ?? 'auto');
  if (!(BACKENDS as readonly string[]).includes(backendName)) throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, got '${backendName}'`);
  const root = String(extra['runs-dir'] ?? 'runs');
  const name = String(extra['run-name'] ?? `dqn-${config.game}-${config.seed}`);
  const resume = extra.resume === true;
  // A resume is checked against the run before anything is written to it.
  const plan = resume ? planResume({ runDir: runDirectory(root, name), spec, flags: config, given, lengthKey: 'totalSteps', mayChange: dqnMayChangeOnResume, strict: extra.strict === true }) : undefined;
  const c = plan?.config ?? config;
  checkRelations(spec, c);
  findRom(c.game); // a missing ROM fails here with where to put it and how to import it

  const run = new RunLogger({ root, name, resume, quiet: extra.quiet === true });
  const backend = await selectBackend(backendName);
  run.log(`${backend.description}\nrun directory: ${run.dir}`);
  if (plan) recordResume(run, plan, backend.name);
  run.writeConfig({ ...c, backend: backend.name });
  try {
    const result = await trainDqn(c, run, plan?.from);
    run.log(`finished ${result.steps} steps (${result.episodes} episodes, ${result.stepsPerSecond.toFixed(1)} steps/s); ` +
      `evaluation returns at epsilon ${c.evalEpsilon}: ${result.evalReturns.join(', ') || 'none'}`);
  } finally {
    run.close();
  }
}

await runCli(main, () => usage('npm run train --', spec));
