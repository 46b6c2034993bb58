// npm run train -- --game pong [--flags]: DQN on any supported Atari game (every hyperparameter
// is a flag; see --help). npm run train:breakout runs CleanRL's Breakout configuration.
import { selectBackend, BACKENDS } from '../tf/backend.ts';
import { defaultDqnConfig, trainDqn, type DqnConfig } from '../agents/dqn.ts';
import { RunLogger } from '../logging/run.ts';
import { findRom } from '../env/roms.ts';
import { parseFlags, runCli, usage, UsageError, type FlagSpec } from './flags.ts';

const spec: FlagSpec<DqnConfig> = {
  defaults: defaultDqnConfig,
  choices: {
    epsilonSchedule: ['linear', 'exponential'],
    network: ['nature', 'small'],
    loss: ['huber', 'mse'],
    optimizer: ['adam', 'rmsprop'],
  },
  extra: { backend: 'string', 'run-name': 'string', 'runs-dir': 'string', resume: 'boolean', quiet: 'boolean', help: 'boolean' },
};

async function main(): Promise<void> {
  const { config, extra } = parseFlags(process.argv.slice(2), spec);
  if (extra.help) {
    console.log(usage('npm run train --', spec));
    return;
  }
  const backendName = String(extra.backend ?? 'auto');
  if (!(BACKENDS as readonly string[]).includes(backendName)) throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, got '${backendName}'`);
  for (const k of ['totalSteps', 'bufferSize', 'batchSize', 'trainFrequency', 'targetUpdateFrequency', 'evalEpisodes', 'nStep'] as const)
    if (!Number.isInteger(config[k]) || config[k] < (k === 'evalEpisodes' ? 0 : 1)) throw new UsageError(`--${k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())} must be a positive integer, got ${config[k]}`);
  findRom(config.game); // a missing ROM fails here with where to put it and how to import it

  const resume = extra.resume === true;
  const name = String(extra['run-name'] ?? `dqn-${config.game}-${config.seed}`);
  const run = new RunLogger({ root: String(extra['runs-dir'] ?? 'runs'), name, resume, quiet: extra.quiet === true });
  let from: string | undefined;
  let c = config;
  if (resume) {
    from = run.latestCheckpoint();
    if (!from) throw new Error(`--resume: no complete checkpoint in ${run.dir}/checkpoints`);
    // The saved configuration wins, except the run length, which may be extended.
    c = { ...(run.readConfig<DqnConfig>() ?? config), totalSteps: config.totalSteps };
  }
  const backend = await selectBackend(backendName);
  run.log(`${backend.description}\nrun directory: ${run.dir}`);
  run.writeConfig({ ...c, backend: backend.name });
  try {
    const result = await trainDqn(c, run, from);
    run.log(`finished ${result.steps} steps (${result.episodes} episodes, ${result.stepsPerSecond.toFixed(1)} steps/s); ` +
      `evaluation returns at epsilon ${c.evalEpsilon}: ${result.evalReturns.join(', ') || 'none'}`);
  } finally {
    run.close();
  }
}

await runCli(main, () => usage('npm run train --', spec));
