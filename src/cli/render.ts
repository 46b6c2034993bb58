// npm run render -- --game breakout --episodes 3 --out breakout.mp4 --random [--scale 3] [--agent-view]
// Plays episodes through the DeepMind wrappers and writes one H.264 mp4 with episode and score drawn.
import path from 'node:path';

import { native } from '../native.ts';
import { randomPolicy, renderEpisodes, type PolicyFactory } from '../video/render_episodes.ts';
import { parseRenderArgs, RENDER_USAGE, UsageError, type ActionSourceSpec } from './render_args.ts';
import { loadDqnPolicy } from '../agents/dqn_policy.ts';
import { actorCriticCheckpoint, loadActorCriticPolicy } from '../agents/actor_critic_policy.ts';
import { exitOnUncaughtErrors } from './flags.ts';

exitOnUncaughtErrors('render');

/** The one place that decides where actions come from. */
async function actionSource(spec: ActionSourceSpec, seed: number, game: string): Promise<PolicyFactory> {
  if (spec.kind === 'random') return randomPolicy(seed);
  if (actorCriticCheckpoint(spec.dir)) return loadActorCriticPolicy(spec.dir, game, spec.epsilon, seed, 'auto', spec.strict);
  return loadDqnPolicy(spec.dir, game, spec.epsilon, seed, 'auto', spec.strict);
}

// Ctrl-C stops between steps so the writer can remove its temporary file.
const stop = new AbortController();

async function main(): Promise<number> {
  let args;
  try {
    const games = (native().listGames() as { id: string }[]).map((g) => g.id);
    args = parseRenderArgs(process.argv.slice(2), games);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    if (e.message) console.error(`render: ${e.message}`);
    console.error(RENDER_USAGE);
    return 2;
  }
  const policy = await actionSource(args.source, args.seed, args.game);
  const start = Date.now();
  process.once('SIGINT', () => stop.abort(new Error('interrupted; no video was written')));
  const result = await renderEpisodes({
    signal: stop.signal,
    game: args.game,
    episodes: args.episodes,
    out: args.out,
    scale: args.scale,
    agentView: args.agentView,
    seed: args.seed,
    maxSteps: args.maxSteps,
    policy,
    onEpisode: (s) =>
      console.log(`episode ${s.episode}/${args.episodes}: score ${s.score}, ${s.steps} steps, ${s.frames} frames (${s.end})`),
  });
  const seconds = ((Date.now() - start) / 1000).toFixed(1);
  const shown = path.relative(process.cwd(), result.path);
  console.log(
    `wrote ${shown.startsWith('..') ? result.path : shown}: ${result.frames} frames, ` +
      `${result.width}x${result.height}, ${result.fps} fps (${(result.frames / result.fps).toFixed(1)} s of video) in ${seconds} s`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`render: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(stop.signal.aborted ? 130 : 1);
  },
);
