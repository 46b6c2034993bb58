// npm run train -- --algo ppo|a2c --game breakout [flags]: the actor-critic agents on Atari
// (ppo_atari.py's defaults: 8 envs on the native vector env, the Nature CNN shared by both heads;
// A2C with RL Zoo's Atari settings). train.ts hands over here when --algo is not dqn.
import { findRom } from '../env/roms.ts';
import { ppoAtariDefaults } from '../agents/ppo.ts';
import { a2cAtariDefaults } from '../agents/a2c.ts';
import { parseFlags, runCli, usage, UsageError } from './flags.ts';
import { ACTOR_CRITIC_EXTRA, actorCriticSpec, takeAlgo, trainActorCritic } from './actor_critic_run.ts';

const ATARI_ALGOS = ['dqn', 'ppo', 'a2c'];

/**
 * True when argv asks for an actor-critic agent. `--algo dqn` is taken out of process.argv so the
 * DQN command, which has no --algo flag, reads the rest as before; an algorithm that does not fit
 * Atari's discrete actions is refused.
 */
export function actorCriticRequested(): boolean {
  const { algo, rest } = takeAlgoOrExit(process.argv.slice(2));
  if (algo === undefined) return false;
  if (algo === 'dqn') {
    process.argv.splice(2, process.argv.length - 2, ...rest);
    return false;
  }
  return true;
}

function takeAlgoOrExit(argv: string[]): ReturnType<typeof takeAlgo> {
  try {
    const r = takeAlgo(argv);
    if (r.algo !== undefined && !ATARI_ALGOS.includes(r.algo)) {
      const why = r.algo === 'ddpg' || r.algo === 'td3' ? `${r.algo.toUpperCase()} needs continuous actions and Atari games have discrete ones` : `unknown --algo '${r.algo}'`;
      throw new UsageError(`${why}; algorithms that fit Atari: ${ATARI_ALGOS.join(', ')}`);
    }
    return r;
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    process.exit(2);
  }
}

export async function trainAtariActorCritic(argv: string[]): Promise<void> {
  const { algo, rest } = takeAlgo(argv);
  const { env: _env, ...defaults } = algo === 'a2c' ? a2cAtariDefaults : ppoAtariDefaults;
  const spec = actorCriticSpec(algo as 'ppo' | 'a2c', defaults, ACTOR_CRITIC_EXTRA);
  const parsed = parseFlags(rest, spec);
  if (parsed.extra.help) return void console.log(usage(`npm run train -- --algo ${algo}`, spec));
  findRom(String(parsed.config.game)); // a missing ROM fails here with where to put it and how to import it
  await trainActorCritic(algo as 'ppo' | 'a2c', spec, parsed, { env: '' }, String(parsed.config.game));
}

/** Runs the command and ends the process (the DQN code after the hand-over must not run). */
export async function runAtariActorCritic(): Promise<never> {
  const argv = process.argv.slice(2);
  await runCli(() => trainAtariActorCritic(argv), () => `usage: npm run train -- --algo ${takeAlgo(argv).algo} --game GAME [flags]  (--help lists them)`);
  process.exit(0);
}
