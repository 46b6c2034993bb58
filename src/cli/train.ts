// npm run train -- --game pong [--flags]: DQN on any supported Atari game (every hyperparameter
// is a flag; see --help). npm run train:breakout runs CleanRL's Breakout configuration.
import fs from 'node:fs';
import path from 'node:path';
import { selectBackend, BACKENDS } from '../tf/backend.ts';
import { checkResumableReplay, defaultDqnConfig, DQN_FLAG_HELP, trainDqn, type DqnConfig } from '../agents/dqn.ts';
import { RunLogger, runDirectory } from '../logging/run.ts';
import { findRom } from '../env/roms.ts';
import { checkRelations, parseFlags, ranges, runCli, usage, UsageError, type FlagSpec } from './flags.ts';
import { dqnMayChangeOnResume, dqnRanges, dqnRelations } from './flag_rules.ts';
import { planResume, recordResume } from './resume.ts';
import { actorCriticRequested, runAtariActorCritic } from './train_ppo.ts';
import { DQN_PRESETS, presetFromArgv } from '../agents/dqn_presets.ts';

// --algo ppo | a2c: the actor-critic agents, in train_ppo.ts; everything below is DQN.
if (actorCriticRequested()) await runAtariActorCritic();

const spec: FlagSpec<DqnConfig> = {
  defaults: defaultDqnConfig,
  choices: {
    epsilonSchedule: ['linear', 'exponential'],
    network: ['nature', 'small'],
    init: ['torch', 'he'],
    loss: ['huber', 'mse'],
    optimizer: ['adam', 'rmsprop'],
  },
  ranges: dqnRanges,
  relations: dqnRelations,
  extra: {
    preset: 'string', backend: 'string', 'run-name': 'string', 'runs-dir': 'string', resume: 'boolean', 'resume-from': 'string', 'stop-at': 'number',
    strict: 'boolean', quiet: 'boolean', help: 'boolean',
  },
  extraRanges: { 'stop-at': ranges.count },
  help: {
    ...DQN_FLAG_HELP,
    preset: `settings that depart from CleanRL's, as new defaults (flags still win): fast (Breakout in about two hours on two cores; README, "A trained Breakout agent")`,
    backend: `TensorFlow.js backend: ${BACKENDS.join(', ')} (auto: the fastest that loads; a resumed run keeps its own)`,
    'run-name': 'the run directory under --runs-dir (default dqn-GAME-SEED)',
    'runs-dir': 'where run directories go (default runs)',
    resume: `continue the run from its newest intact checkpoint, with its saved settings and backend (${dqnMayChangeOnResume.map((k) => `--${k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`).join(', ')} and --backend may change)`,
    'resume-from': 'continue the run from this checkpoint folder of it (RUN/checkpoints/step-N) instead of the newest',
    'stop-at': 'write a checkpoint at this step and exit, to train in pieces (Ctrl-C does the same at the current step)',
    strict: 'refuse to resume when the newest checkpoint is damaged, instead of falling back to an older one',
    quiet: 'no progress bar or log lines',
  },
};

async function main(): Promise<void> {
  let preset;
  try {
    preset = presetFromArgv(process.argv.slice(2));
  } catch (e) {
    throw new UsageError((e as Error).message, false);
  }
  if (preset) spec.defaults = { ...defaultDqnConfig, ...DQN_PRESETS[preset] };
  const { config, extra, given } = parseFlags(process.argv.slice(2), spec);
  if (extra.help) {
    console.log(usage('npm run train --', spec));
    return;
  }
  let backendName = String(extra.backend ?? 'auto');
  if (!(BACKENDS as readonly string[]).includes(backendName)) throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, got '${backendName}'`);
  let root = String(extra['runs-dir'] ?? 'runs');
  let name = String(extra['run-name'] ?? `dqn-${config.game}-${config.seed}`);
  let checkpoint: string | undefined;
  if (extra['resume-from'] !== undefined) {
    // The checkpoint names its run: RUN/checkpoints/step-N.
    checkpoint = path.resolve(String(extra['resume-from']));
    if (!fs.existsSync(path.join(checkpoint, 'COMPLETE')) || path.basename(path.dirname(checkpoint)) !== 'checkpoints')
      throw new UsageError(`--resume-from ${extra['resume-from']} is not a complete checkpoint folder (RUN/checkpoints/step-N with a COMPLETE file)`, false);
    root = path.dirname(path.dirname(path.dirname(checkpoint)));
    name = path.basename(path.dirname(path.dirname(checkpoint)));
  }
  const resume = extra.resume === true || checkpoint !== undefined;
  // A resume is checked against the run before anything is written to it.
  const plan = resume ? planResume({
    runDir: runDirectory(root, name), spec, flags: config, given, lengthKey: 'totalSteps', mayChange: dqnMayChangeOnResume,
    strict: extra.strict === true, checkpoint,
  }) : undefined;
  const c = plan?.config ?? config;
  checkRelations(spec, c);
  if (plan) checkResumableReplay(c, plan.from, plan.step);
  findRom(c.game); // a missing ROM fails here with where to put it and how to import it
  const stopAt = extra['stop-at'] === undefined ? undefined : Number(extra['stop-at']);
  if (stopAt !== undefined && (stopAt >= c.totalSteps || stopAt <= (plan?.step ?? 0)))
    throw new UsageError(`--stop-at ${stopAt} must lie between the ${plan ? `checkpoint's step ${plan.step}` : 'start'} and --total-steps ${c.totalSteps}`, false);
  // A resumed run goes on where it was trained (another backend rounds differently), unless told otherwise.
  if (plan?.savedBackend && extra.backend === undefined && (BACKENDS as readonly string[]).includes(plan.savedBackend)) backendName = plan.savedBackend;

  const run = new RunLogger({ root, name, resume, quiet: extra.quiet === true });
  const backend = await selectBackend(backendName).catch((e: Error) => {
    if (extra.backend !== undefined || backendName === 'auto') throw e;
    throw new Error(`this run was trained on the ${backendName} backend, which does not load here (${e.message}); ` +
      `pass --backend to go on with another (its arithmetic differs in the last bits)`);
  });
  run.log(`${backend.description}\nrun directory: ${run.dir}`);
  if (plan) recordResume(run, plan, backend.name);
  run.writeConfig({ ...c, backend: backend.name });
  // Ctrl-C (or SIGTERM) stops at the end of the current step with a checkpoint; a second one quits at once.
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    run.log('\ninterrupted: writing a checkpoint after this step (interrupt again to quit without one)');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const result = await trainDqn(c, run, plan?.from, { stopAt, shouldStop: () => interrupted });
    if (result.stopped) {
      if (interrupted) process.exitCode = 130;
      return;
    }
    run.log(`finished ${result.steps} steps (${result.episodes} episodes, ${result.stepsPerSecond.toFixed(1)} steps/s); ` +
      `evaluation returns at epsilon ${c.evalEpsilon}: ${result.evalReturns.join(', ') || 'none'}`);
  } finally {
    run.close();
  }
}

await runCli(main, () => usage('npm run train --', spec));
