// Flags of `npm run play`, checked up front so bad input gets a usage message, not a stack.
import { parseArgs } from 'node:util';
import { distance, UsageError } from './render_args.ts';

export { UsageError };

export const PLAY_USAGE = `usage: npm run play -- (--game GAME | --env ID | --checkpoint DIR) [options]
  --game GAME          play an Atari game by keyboard (npm run games lists them), e.g. breakout
  --env ID             play a registered env: CartPole-v1, MountainCar-v0, ALE/Breakout-v5, ...
  --checkpoint DIR     watch a trained DQN: a run directory (its latest checkpoint) or one checkpoint
  --port N             port to listen on (default: a free one); the URL is printed
  --host H             address to listen on (default 127.0.0.1; anything else opens it to the network)
  --fps N              steps per second (default 60 for Atari, 30 for classic control)
  --zoom N             page pixels per screen pixel, 1 to 8 (default 3 for Atari, 1 for classic control)
  --seed N             seed of the first reset (default 0)
  --keys FILE          keys_to_action as JSON: {"left": 3, "right+space": "RIGHTFIRE", ...}
  --noop ACTION        action when no key is held (default NOOP; 0 for CartPole, 1 for MountainCar)
  --full-action-space  all 18 Atari actions instead of the game's minimal set
  --sticky P           sticky-action probability (default 0.25 for play, as ALE v5; 0 for agents)
  --mode N             game mode (npm run games lists each game's modes)
  --difficulty N       game difficulty
  --plot LIST          live charts: reward, return, lives, action, ram:ADDR (e.g. reward,return,ram:0x80)
  --horizon N          timesteps each chart shows (default 300)
  --epsilon E          with --checkpoint: chance of a random action per step (default 0.05)
  --backend B          with --checkpoint: TensorFlow.js backend in Node (auto, wasm, cpu, ...)
  --agent-in-browser   with --checkpoint: run the network in the page with TensorFlow.js
In the page: keys as listed there; P pauses, N single-steps while paused, R resets.`;

export interface PlayArgs {
  game?: string;
  env?: string;
  checkpoint?: string;
  port: number;
  host: string;
  fps?: number;
  zoom?: number;
  seed: number;
  keys?: string;
  noop?: string;
  fullActionSpace: boolean;
  sticky?: number;
  mode?: number;
  difficulty?: number;
  plot?: string;
  horizon: number;
  epsilon?: number;
  backend?: string;
  agentInBrowser: boolean;
}

function integer(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max)
    throw new UsageError(`--${flag} must be an integer from ${min} to ${max}, got '${text}'`);
  return n;
}

function probability(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\s*[\d.eE+-]+\s*$/.test(text) || !(n >= 0 && n <= 1)) throw new UsageError(`--${flag} must be a number from 0 to 1, got '${text}'`);
  return n;
}

/** knownGames: the emulator's game ids; knownEnvs: the registered env ids. */
export function parsePlayArgs(argv: string[], knownGames: string[], knownEnvs: string[]): PlayArgs {
  let v: Record<string, string | boolean | undefined>;
  try {
    v = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        game: { type: 'string' },
        env: { type: 'string' },
        checkpoint: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        fps: { type: 'string' },
        zoom: { type: 'string' },
        seed: { type: 'string' },
        keys: { type: 'string' },
        noop: { type: 'string' },
        'full-action-space': { type: 'boolean' },
        sticky: { type: 'string' },
        mode: { type: 'string' },
        difficulty: { type: 'string' },
        plot: { type: 'string' },
        horizon: { type: 'string' },
        epsilon: { type: 'string' },
        backend: { type: 'string' },
        'agent-in-browser': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (v.help) throw new UsageError('');
  const game = v.game as string | undefined;
  const env = v.env as string | undefined;
  const checkpoint = v.checkpoint as string | undefined;
  if (game !== undefined && env !== undefined) throw new UsageError('give --game or --env, not both');
  if (env !== undefined && checkpoint !== undefined) throw new UsageError('--checkpoint plays an Atari game: give --game (or nothing: the run names its game), not --env');
  if (game === undefined && env === undefined && checkpoint === undefined) throw new UsageError('say what to play: --game GAME, --env ID or --checkpoint DIR');
  if (game !== undefined && !knownGames.includes(game)) {
    const key = game.toLowerCase();
    const near = knownGames.filter((g) => g.includes(key) || key.includes(g) || distance(g, key) <= 2);
    throw new UsageError(`unknown game '${game}'.` + (near.length ? ` Did you mean: ${near.slice(0, 5).join(', ')}?` : ' `npm run games` lists the supported games.'));
  }
  if (env !== undefined && !knownEnvs.includes(env)) {
    const key = env.toLowerCase().replace(/[^a-z0-9]/g, '');
    const near = knownEnvs.filter((k) => {
      const kk = k.toLowerCase().replace(/[^a-z0-9]/g, '');
      return kk.includes(key) || distance(kk, key) <= 2;
    });
    throw new UsageError(`unknown env '${env}'.` + (near.length ? ` Did you mean: ${near.slice(0, 5).join(', ')}?` : ' Try CartPole-v1, MountainCar-v0 or ALE/Breakout-v5.'));
  }
  const agentOnly = ['epsilon', 'backend', 'agent-in-browser'].filter((f) => v[f] !== undefined);
  if (checkpoint === undefined && agentOnly.length) throw new UsageError(`--${agentOnly[0]} needs --checkpoint`);
  if (checkpoint !== undefined && v['full-action-space']) throw new UsageError('--full-action-space does not apply to --checkpoint (the agent uses the action set it learnt)');
  if (v['agent-in-browser'] && v.backend !== undefined) throw new UsageError('--backend is for the network in Node; with --agent-in-browser the page picks its own');
  const fps = v.fps === undefined ? undefined : Number(v.fps);
  if (fps !== undefined && !(/^\s*[\d.]+\s*$/.test(v.fps as string) && fps >= 1 && fps <= 240)) throw new UsageError(`--fps must be a number from 1 to 240, got '${v.fps}'`);
  const host = (v.host as string | undefined) ?? '127.0.0.1';
  if (!/^[A-Za-z0-9.:-]+$/.test(host)) throw new UsageError(`--host must be an address or host name, got '${host}'`);
  return {
    game, env, checkpoint, host, fps,
    port: integer('port', v.port as string | undefined, 0, 65535) ?? 0,
    zoom: integer('zoom', v.zoom as string | undefined, 1, 8),
    seed: integer('seed', v.seed as string | undefined, 0, 2 ** 32 - 1) ?? 0,
    keys: v.keys as string | undefined,
    noop: v.noop as string | undefined,
    fullActionSpace: Boolean(v['full-action-space']),
    sticky: probability('sticky', v.sticky as string | undefined),
    mode: integer('mode', v.mode as string | undefined, 0, 255),
    difficulty: integer('difficulty', v.difficulty as string | undefined, 0, 255),
    plot: v.plot as string | undefined,
    horizon: integer('horizon', v.horizon as string | undefined, 2, 100_000) ?? 300,
    epsilon: probability('epsilon', v.epsilon as string | undefined),
    backend: v.backend as string | undefined,
    agentInBrowser: Boolean(v['agent-in-browser']),
  };
}
