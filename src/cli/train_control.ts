// npm run train:control -- --env MountainCarContinuous-v0 --algo ppo|a2c|ddpg|td3 [flags]: the
// actor-critic agents on the classic-control envs. Each algorithm's defaults are its reference
// implementation's (CleanRL's ppo.py for discrete actions, ppo_continuous_action.py for Box
// actions, SB3's A2C, CleanRL's DDPG and TD3); --help with an --env and --algo lists every flag.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLASSIC_CONTROL_IDS, make } from '../env/registry.ts';
import { Box } from '../env/spaces.ts';
import { ppoContinuousDefaults, ppoDiscreteDefaults } from '../agents/ppo.ts';
import { a2cControlDefaults } from '../agents/a2c.ts';
import { ddpgDefaults, ddpgEnvDefaults } from '../agents/ddpg.ts';
import { td3Defaults, td3EnvDefaults } from '../agents/td3.ts';
import { parseFlags, runCli, usage, UsageError, type FlagSpec } from './flags.ts';
import { ACTOR_CRITIC_EXTRA, actorCriticSpec, peekFlag, takeAlgo, trainActorCritic, type ActorCriticAlgo } from './actor_critic_run.ts';

const extra = { env: 'string', ...ACTOR_CRITIC_EXTRA } as const;
const COMMAND = 'npm run train:control --';

/** Which algorithms fit an action space, and the flags' defaults for one of them on one env. */
export function controlSpec(envId: string, algo: string): { algo: ActorCriticAlgo; spec: FlagSpec<Record<string, unknown>> } {
  if (!CLASSIC_CONTROL_IDS.includes(envId)) {
    const near = CLASSIC_CONTROL_IDS.filter((id) => id.toLowerCase().startsWith(envId.toLowerCase().replace(/-v\d+$/, '')));
    throw new UsageError(`'${envId}' is not a classic-control env${near.length ? ` (did you mean ${near.join(' or ')}?)` : ''}; choose one of ${CLASSIC_CONTROL_IDS.join(', ')}` +
      ' (Atari: npm run train -- --algo ppo --game GAME)');
  }
  const env = make(envId);
  const box = env.actionSpace instanceof Box;
  const space = String(env.actionSpace);
  env.close();
  const fits = box ? ['ppo', 'a2c', 'ddpg', 'td3'] : ['ppo', 'a2c'];
  if (!fits.includes(algo)) {
    const why = algo === 'ddpg' || algo === 'td3' ? `${algo.toUpperCase()} needs continuous (Box) actions and ${envId} has ${space}`
      : algo === 'dqn' ? `DQN needs discrete actions and ${envId} has ${space}`
      : `unknown --algo '${algo}'`;
    throw new UsageError(`${why}; algorithms that fit ${envId}: ${fits.join(', ')}${!box && envId.startsWith('CartPole') ? ' (and dqn, reinforce via npm run train:cartpole)' : ''}`);
  }
  const { game: _game, ...ppo } = box ? ppoContinuousDefaults : ppoDiscreteDefaults;
  const { game: _g2, ...a2c } = a2cControlDefaults;
  const defaults: Record<string, unknown> = algo === 'ppo' ? ppo : algo === 'a2c' ? a2c
    : algo === 'ddpg' ? { ...ddpgDefaults, ...ddpgEnvDefaults[envId] } : { ...td3Defaults, ...td3EnvDefaults[envId] };
  delete defaults.env;
  delete defaults.maxEpisodeFrames; // Atari only
  return { algo: algo as ActorCriticAlgo, spec: actorCriticSpec(algo as ActorCriticAlgo, defaults, extra) };
}

export async function trainControl(argv: string[]): Promise<void> {
  const { algo = 'ppo', rest } = takeAlgo(argv);
  const envId = peekFlag(rest, 'env');
  if (envId === undefined && !rest.includes('--help')) throw new UsageError(`--env is required: one of ${CLASSIC_CONTROL_IDS.join(', ')}`);
  const { algo: a, spec } = controlSpec(envId ?? 'CartPole-v1', algo);
  const parsed = parseFlags(rest, spec);
  if (parsed.extra.help) return void console.log(usage(`${COMMAND} --env ${envId ?? 'ENV'} --algo ${a}`, spec));
  await trainActorCritic(a, spec, parsed, a === 'ddpg' || a === 'td3' ? { env: envId } : { env: envId, game: '' }, envId!);
}

if (path.resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url))
  await runCli(() => trainControl(process.argv.slice(2)), () => `usage: ${COMMAND} --env ENV --algo ppo|a2c|ddpg|td3 [flags]  (--help with --env and --algo lists the flags)`);
