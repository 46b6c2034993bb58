// npm run play -- --game breakout | --env CartPole-v1 | --checkpoint runs/NAME
// Serves one page on 127.0.0.1: the game runs here, frames go to the page, keys come back.
import type { Env } from '../env/core.ts';
import { AtariEnv } from '../env/atari.ts';
import { make, registeredIds } from '../index.ts';
import { native } from '../native.ts';
import { watchAgent } from '../play/agent.ts';
import { atariKeyMap, KeyMapError, loadKeyMapFile, type KeyMap } from '../play/keys.ts';
import { defaultKeyMap, play } from '../play/play.ts';
import { parsePlotSpecs, PlotSpecError, presetPlot } from '../play/presets.ts';
import type { PlaySession } from '../play/session.ts';
import { parsePlayArgs, PLAY_USAGE, UsageError, type PlayArgs } from './play_args.ts';
import { exitOnUncaughtErrors } from './flags.ts';

// First, so an error that escapes later (after the wasm backend has loaded) is one line too.
exitOnUncaughtErrors('play');

class InputError extends Error {}

function resolveNoop(text: string | undefined, meanings: readonly string[] | undefined, n: number): number | undefined {
  if (text === undefined) return undefined;
  if (/^\d+$/.test(text) && Number(text) < n) return Number(text);
  const i = meanings?.indexOf(text.toUpperCase()) ?? -1;
  if (i >= 0) return i;
  throw new InputError(`--noop must be an action from 0 to ${n - 1}${meanings ? ` or one of ${meanings.join(', ')}` : ''}, got '${text}'`);
}

function keyMapFor(a: PlayArgs, meanings: readonly string[] | undefined, n: number, defaults: KeyMap | undefined): KeyMap {
  const noop = resolveNoop(a.noop, meanings, n) ?? defaults?.noop ?? 0;
  if (a.keys !== undefined) return loadKeyMapFile(a.keys, meanings, n, noop);
  if (!defaults) throw new InputError('this env has no default keys; pass --keys FILE');
  return { ...defaults, noop };
}

/** Checks mode and difficulty against the game's own lists, so a typo is named before anything starts. */
function checkModes(game: string, a: PlayArgs): void {
  if (a.mode === undefined && a.difficulty === undefined) return;
  const probe = new AtariEnv({ game, obsType: 'none' });
  const modes = probe.ale.availableModes();
  const difficulties = probe.ale.availableDifficulties();
  probe.close();
  if (a.mode !== undefined && !modes.includes(a.mode)) throw new InputError(`${game} has no mode ${a.mode}; its modes are ${modes.join(', ')}`);
  if (a.difficulty !== undefined && !difficulties.includes(a.difficulty))
    throw new InputError(`${game} has no difficulty ${a.difficulty}; its difficulties are ${difficulties.join(', ')}`);
}

async function start(a: PlayArgs, log: (s: string) => void): Promise<{ session: PlaySession; what: string }> {
  const common = { host: a.host, port: a.port, zoom: a.zoom, fps: a.fps, log };
  if (a.checkpoint !== undefined) {
    if (a.game) checkModes(a.game, a);
    const specs = a.plot !== undefined ? parsePlotSpecs(a.plot, true) : undefined;
    const session = await watchAgent({
      ...common, checkpoint: a.checkpoint, game: a.game, epsilon: a.epsilon, seed: a.seed, backend: a.backend, inBrowser: a.agentInBrowser,
      repeatActionProbability: a.sticky, mode: a.mode, difficulty: a.difficulty,
      keysToAction: (meanings) => keyMapFor(a, meanings, meanings.length, atariKeyMap(meanings)),
      plots: specs && ((atari) => [presetPlot(specs, a.horizon, () => atari.ale.getRAM())]),
    });
    return { session, what: `the agent of ${a.checkpoint}` };
  }
  let env: Env<unknown, number>;
  let atari: AtariEnv | undefined;
  if (a.game !== undefined) {
    checkModes(a.game, a);
    // Every emulated frame is a step (60 a second); otherwise ALE/X-v5's settings.
    atari = new AtariEnv({ game: a.game, obsType: 'rgb', frameskip: 1, repeatActionProbability: a.sticky ?? 0.25,
      fullActionSpace: a.fullActionSpace, mode: a.mode, difficulty: a.difficulty, maxNumFramesPerEpisode: 108_000 });
    env = atari as Env<unknown, number>;
  } else {
    const id = a.env!;
    const atariFlags = ['sticky', 'fullActionSpace', 'mode', 'difficulty'].filter((k) => a[k as keyof PlayArgs] !== undefined && a[k as keyof PlayArgs] !== false);
    const kwargs: Record<string, unknown> = {};
    if (a.sticky !== undefined) kwargs.repeatActionProbability = a.sticky;
    if (a.fullActionSpace) kwargs.fullActionSpace = true;
    if (a.mode !== undefined) kwargs.mode = a.mode;
    if (a.difficulty !== undefined) kwargs.difficulty = a.difficulty;
    try {
      env = make(id, kwargs) as Env<unknown, number>;
    } catch (e) {
      throw new InputError((e as Error).message);
    }
    if (!(env.unwrapped instanceof AtariEnv) && atariFlags.length) {
      env.close();
      throw new InputError(`--${atariFlags[0].replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())} is for Atari games, not ${id}`);
    }
    if (env.unwrapped instanceof AtariEnv) atari = env.unwrapped;
  }
  const meanings = atari?.actionMeanings();
  const n = (env.actionSpace as unknown as { n: number }).n;
  const keys = keyMapFor(a, meanings, n, defaultKeyMap(env));
  const plots = a.plot !== undefined ? [presetPlot(parsePlotSpecs(a.plot, atari !== undefined), a.horizon, atari && (() => atari.ale.getRAM()))] : [];
  const session = await play(env, { ...common, keysToAction: keys, seed: a.seed, plots, title: a.game ?? a.env });
  return { session, what: a.game ?? a.env! };
}

async function main(): Promise<number> {
  let args: PlayArgs;
  try {
    const games = (native().listGames() as { id: string }[]).map((g) => g.id);
    args = parsePlayArgs(process.argv.slice(2), games, registeredIds());
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    if (e.message) console.error(`play: ${e.message}`);
    console.error(PLAY_USAGE);
    return 2;
  }
  const log = (s: string) => console.log(s);
  let started;
  try {
    started = await start(args, log);
  } catch (e) {
    if (e instanceof InputError || e instanceof KeyMapError || e instanceof PlotSpecError) {
      console.error(`play: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const { session, what } = started;
  console.log(`play: ${what} at ${session.url} (open it in a browser; Ctrl-C stops)`);
  if (args.host !== '127.0.0.1' && args.host !== 'localhost') console.log(`play: listening on ${args.host}: anyone who can reach this machine can open the page`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await session.close();
  console.log('play: stopped');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`play: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
