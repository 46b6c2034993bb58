// npm run gan:atari [-- --flags]: train the DCGAN on screenshots of random Atari play.
import { selectBackend, BACKENDS } from '../tf/backend.ts';
import { defaultGanConfig, trainGan, type GanConfig } from '../agents/dcgan.ts';
import { RunLogger, runDirectory } from '../logging/run.ts';
import { findRom } from '../env/roms.ts';
import { parseFlags, runCli, usage, UsageError, type FlagSpec } from './flags.ts';
import { ganMayChangeOnResume, ganRanges } from './flag_rules.ts';
import { planResume, recordResume } from './resume.ts';

const spec: FlagSpec<GanConfig> = {
  defaults: defaultGanConfig,
  ranges: ganRanges,
  extra: { backend: 'string', 'run-name': 'string', 'runs-dir': 'string', resume: 'boolean', strict: 'boolean', quiet: 'boolean', help: 'boolean' },
};

async function main(): Promise<void> {
  const { config, extra, given } = parseFlags(process.argv.slice(2), spec);
  if (extra.help) return void console.log(usage('npm run gan:atari --', spec));
  for (const k of ['generatorFilters', 'discriminatorFilters'] as const)
    if (!/^\d+(,\d+)*$/.test(config[k]) || config[k].split(',').some((f) => Number(f) < 1)) throw new UsageError(`--${k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())} must be comma-separated integers >= 1, got '${config[k]}'`);
  const backendName = String(extra.backend ?? 'auto');
  if (!(BACKENDS as readonly string[]).includes(backendName)) throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, got '${backendName}'`);
  const root = String(extra['runs-dir'] ?? 'runs');
  const name = String(extra['run-name'] ?? `gan-${config.seed}`);
  const resume = extra.resume === true;
  // A resume is checked against the run before anything is written to it.
  const plan = resume ? planResume({ runDir: runDirectory(root, name), spec, flags: config, given, lengthKey: 'iterations', mayChange: ganMayChangeOnResume, strict: extra.strict === true }) : undefined;
  const c = plan?.config ?? config;
  for (const game of c.games.split(',')) findRom(game.trim());
  const run = new RunLogger({ root, name, resume, quiet: extra.quiet === true });
  const backend = await selectBackend(backendName);
  run.log(`${backend.description}\nrun directory: ${run.dir}`);
  if (plan) recordResume(run, plan, backend.name);
  run.writeConfig({ ...c, backend: backend.name });
  try {
    const r = await trainGan(c, run, plan?.from);
    run.log(`finished ${r.iterations} iterations; running losses D ${r.dLoss.toFixed(4)}, G ${r.gLoss.toFixed(4)}`);
  } finally {
    run.close();
  }
}

await runCli(main, () => usage('npm run gan:atari --', spec));
