// npm run gan:atari [-- --flags]: train the DCGAN on screenshots of random Atari play.
import { selectBackend, BACKENDS } from '../tf/backend.ts';
import { defaultGanConfig, trainGan, type GanConfig } from '../agents/dcgan.ts';
import { RunLogger } from '../logging/run.ts';
import { findRom } from '../env/roms.ts';
import { parseFlags, runCli, usage, UsageError, type FlagSpec } from './flags.ts';

const spec: FlagSpec<GanConfig> = {
  defaults: defaultGanConfig,
  extra: { backend: 'string', 'run-name': 'string', 'runs-dir': 'string', resume: 'boolean', quiet: 'boolean', help: 'boolean' },
};

async function main(): Promise<void> {
  const { config, extra } = parseFlags(process.argv.slice(2), spec);
  if (extra.help) return void console.log(usage('npm run gan:atari --', spec));
  for (const k of ['iterations', 'batchSize', 'latentSize', 'reportEvery', 'imageEvery'] as const)
    if (!Number.isInteger(config[k]) || config[k] < 1) throw new UsageError(`--${k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())} must be a positive integer, got ${config[k]}`);
  for (const k of ['generatorFilters', 'discriminatorFilters'] as const)
    if (!/^\d+(,\d+)*$/.test(config[k])) throw new UsageError(`--${k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())} must be comma-separated integers, got '${config[k]}'`);
  for (const game of config.games.split(',')) findRom(game.trim());
  const backendName = String(extra.backend ?? 'auto');
  if (!(BACKENDS as readonly string[]).includes(backendName)) throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, got '${backendName}'`);
  const resume = extra.resume === true;
  const run = new RunLogger({ root: String(extra['runs-dir'] ?? 'runs'), name: String(extra['run-name'] ?? `gan-${config.seed}`), resume, quiet: extra.quiet === true });
  let from: string | undefined;
  let c = config;
  if (resume) {
    from = run.latestCheckpoint();
    if (!from) throw new Error(`--resume: no complete checkpoint in ${run.dir}/checkpoints`);
    c = { ...(run.readConfig<GanConfig>() ?? config), iterations: config.iterations };
  }
  const backend = await selectBackend(backendName);
  run.log(`${backend.description}\nrun directory: ${run.dir}`);
  run.writeConfig({ ...c, backend: backend.name });
  try {
    const r = await trainGan(c, run, from);
    run.log(`finished ${r.iterations} iterations; running losses D ${r.dLoss.toFixed(4)}, G ${r.gLoss.toFixed(4)}`);
  } finally {
    run.close();
  }
}

await runCli(main, () => usage('npm run gan:atari --', spec));
