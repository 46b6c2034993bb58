// make(id) as in Gymnasium: registered ids with their entry point, default options and step limit.
// Registers the classic-control ids and, from the addon's table of games, every Atari game's ids.
import { native } from '../native.ts';
import { TimeLimit } from '../wrappers/time_limit.ts';
import { AtariEnv, type AtariOptions } from './atari.ts';
import { CartPoleEnv } from './classic/cartpole.ts';
import { MountainCarEnv } from './classic/mountain_car.ts';
import { MountainCarContinuousEnv } from './classic/mountain_car_continuous.ts';
import { PendulumEnv } from './classic/pendulum.ts';
import type { Env, EnvSpec } from './core.ts';

type Factory = (kwargs: Record<string, unknown>) => Env<unknown, unknown>;
interface Entry {
  factory: Factory;
  kwargs: Record<string, unknown>;
  maxEpisodeSteps?: number;
}

const registry = new Map<string, Entry>();

export function register(id: string, factory: Factory, options: { kwargs?: Record<string, unknown>; maxEpisodeSteps?: number } = {}): void {
  if (registry.has(id)) throw new Error(`environment id ${id} is already registered`);
  registry.set(id, { factory, kwargs: options.kwargs ?? {}, maxEpisodeSteps: options.maxEpisodeSteps });
}

export function registeredIds(): string[] {
  return [...registry.keys()].sort();
}

export function make(id: string, kwargs: Record<string, unknown> & { maxEpisodeSteps?: number } = {}): Env<unknown, unknown> {
  const entry = registry.get(id);
  if (!entry) {
    const key = id.toLowerCase().replace(/[^a-z0-9]/g, '');
    const close = registeredIds().filter((k) => {
      const kk = k.toLowerCase().replace(/[^a-z0-9]/g, '');
      return kk.includes(key) || key.includes(kk.replace(/v\d+$/, ''));
    });
    throw new Error(`unknown environment id '${id}'.` + (close.length ? ` Did you mean: ${close.slice(0, 5).join(', ')}?` : ` Registered: ${registeredIds().join(', ')}`));
  }
  const { maxEpisodeSteps, ...rest } = kwargs;
  const merged = { ...entry.kwargs, ...rest };
  let env = entry.factory(merged);
  const limit = maxEpisodeSteps ?? entry.maxEpisodeSteps;
  if (limit !== undefined) env = new TimeLimit(env, limit);
  const spec: EnvSpec = { id, maxEpisodeSteps: limit, kwargs: merged };
  env.spec = spec;
  return env;
}

register('CartPole-v0', () => new CartPoleEnv(), { maxEpisodeSteps: 200 });
register('CartPole-v1', () => new CartPoleEnv(), { maxEpisodeSteps: 500 });
register('MountainCar-v0', () => new MountainCarEnv(), { maxEpisodeSteps: 200 });
register('MountainCarContinuous-v0', (k) => new MountainCarContinuousEnv((k.goalVelocity as number | undefined) ?? 0), { maxEpisodeSteps: 999 });
register('Pendulum-v1', (k) => new PendulumEnv((k.g as number | undefined) ?? 10.0), { maxEpisodeSteps: 200 });

/** The classic-control ids (all of them take and give small float vectors). */
export const CLASSIC_CONTROL_IDS: readonly string[] = ['CartPole-v0', 'CartPole-v1', 'MountainCar-v0', 'MountainCarContinuous-v0', 'Pendulum-v1'];

/** Gymnasium's ids: ALE/Name-v5 (skip 4, sticky 0.25, 108k frames), NameNoFrameskip-v4, Name-v4. */
function registerAtariGames(gameIds: string[]): void {
  for (const game of gameIds) {
    const name = game.split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join('');
    const entry = (kw: Record<string, unknown>) => new AtariEnv({ game, ...(kw as Partial<AtariOptions>) }) as unknown as Env<unknown, unknown>;
    register(`ALE/${name}-v5`, entry, { kwargs: { frameskip: 4, repeatActionProbability: 0.25, maxNumFramesPerEpisode: 108000 } });
    register(`${name}NoFrameskip-v4`, entry, { kwargs: { frameskip: 1, repeatActionProbability: 0 }, maxEpisodeSteps: 400000 });
    register(`${name}-v4`, entry, { kwargs: { frameskip: [2, 5], repeatActionProbability: 0 }, maxEpisodeSteps: 100000 });
  }
}

registerAtariGames((native().listGames() as { id: string }[]).map((g) => g.id));
