// Flags of `npm run render`, checked up front so bad input gets a usage message, not a stack.
import { parseArgs } from 'node:util';

export const RENDER_USAGE = `usage: npm run render -- --game GAME [options]
  --game GAME        Atari game id (npm run games lists them), e.g. breakout
  --episodes N       episodes to play (default 1)
  --out FILE         mp4 to write (default GAME.mp4)
  --random           a uniformly random agent (the default action source)
  --checkpoint DIR   a trained DQN, PPO or A2C agent: a run directory (its latest checkpoint) or one checkpoint
  --epsilon E        with --checkpoint: chance of a random action each step (default 0.05; 0 = greedy)
  --strict           with --checkpoint: refuse a damaged newest checkpoint instead of taking an older one
  --scale N          integer upscaling, 1 to 16 (default 2)
  --agent-view       show the agent's 4 stacked 84x84 frames beside the game
  --seed N           episode i resets with seed N + i - 1 (default 0)
  --max-steps N      cut an episode after N agent steps (default 27000)
The video has one frame per emulated frame, 60 per second (the Atari's NTSC rate).`;

export class UsageError extends Error {}

export type ActionSourceSpec = { kind: 'random' } | { kind: 'checkpoint'; dir: string; epsilon: number; strict: boolean };

export interface RenderArgs {
  game: string;
  episodes: number;
  out: string;
  scale: number;
  agentView: boolean;
  seed: number;
  maxSteps?: number;
  source: ActionSourceSpec;
}

/** Edit distance, to suggest the game a typo meant. */
export function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; ++i) {
    const cur = [i];
    for (let j = 1; j <= b.length; ++j) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

function integer(flag: string, text: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\s*-?\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max)
    throw new UsageError(`--${flag} must be an integer from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ' up'}, got '${text}'`);
  return n;
}

/** knownGames: the ids the emulator supports, to reject a misspelt game before any work. */
export function parseRenderArgs(argv: string[], knownGames: string[]): RenderArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        game: { type: 'string' },
        episodes: { type: 'string' },
        out: { type: 'string' },
        random: { type: 'boolean' },
        checkpoint: { type: 'string' },
        epsilon: { type: 'string' },
        scale: { type: 'string' },
        'agent-view': { type: 'boolean' },
        strict: { type: 'boolean' },
        seed: { type: 'string' },
        'max-steps': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (e) {
    // parseArgs names the flag (unknown option, missing value, stray argument).
    throw new UsageError((e as Error).message);
  }
  if (values.help) throw new UsageError('');
  const game = values.game as string | undefined;
  if (!game) throw new UsageError('--game is required');
  if (!knownGames.includes(game)) {
    const key = game.toLowerCase();
    const near = knownGames.filter((g) => g.includes(key) || key.includes(g) || distance(g, key) <= 2);
    throw new UsageError(`unknown game '${game}'.` + (near.length ? ` Did you mean: ${near.slice(0, 5).join(', ')}?` : ' `npm run games` lists the supported games.'));
  }
  if (values.random && values.checkpoint !== undefined) throw new UsageError('give either --random or --checkpoint, not both');
  const epsText = values.epsilon as string | undefined;
  const epsilon = epsText === undefined ? 0.05 : Number(epsText);
  if (epsText !== undefined && (values.checkpoint === undefined || !/^\s*[\d.eE+-]+\s*$/.test(epsText) || !(epsilon >= 0 && epsilon <= 1)))
    throw new UsageError(values.checkpoint === undefined ? '--epsilon needs --checkpoint' : `--epsilon must be a number from 0 to 1, got '${epsText}'`);
  if (values.strict && values.checkpoint === undefined) throw new UsageError('--strict needs --checkpoint');
  const out = (values.out as string | undefined) ?? `${game}.mp4`;
  if (!out.toLowerCase().endsWith('.mp4')) throw new UsageError(`--out must name an .mp4 file, got '${out}'`);
  return {
    game,
    episodes: integer('episodes', values.episodes as string | undefined, 1) ?? 1,
    out,
    scale: integer('scale', values.scale as string | undefined, 1, 16) ?? 2,
    agentView: Boolean(values['agent-view']),
    seed: integer('seed', values.seed as string | undefined, 0, 2 ** 32 - 1) ?? 0,
    maxSteps: integer('max-steps', values['max-steps'] as string | undefined, 1),
    source: values.checkpoint !== undefined ? { kind: 'checkpoint', dir: values.checkpoint as string, epsilon, strict: Boolean(values.strict) } : { kind: 'random' },
  };
}
