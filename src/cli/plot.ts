// npm run plot -- runs/NAME [runs/OTHER ...] [--out FILE] [--window N]: learning curves of one or
// more runs (episodic return, its trailing mean, evaluations) against agent steps, as one PNG.
import path from 'node:path';
import { readRunCurve, writeLearningCurvePng } from '../logging/learning_curve.ts';
import { runCli, UsageError } from './flags.ts';

const USAGE = `usage: npm run plot -- RUN_DIR [RUN_DIR ...] [flags]
  --out FILE      the PNG (default RUN_DIR/learning-curve.png of the first run)
  --window N      episodes in the trailing mean (default 100, as SB3's ep_rew_mean)
  --width W       pixels (default 1200)
  --height H      pixels (default 700)
  --title TEXT    the chart's title (default EPISODIC RETURN)`;

async function main(): Promise<void> {
  const dirs: string[] = [];
  const opts: Record<string, string> = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    if (a === '--help') {
      console.log(USAGE);
      return;
    }
    if (a.startsWith('--')) {
      const name = a.slice(2);
      if (!['out', 'window', 'width', 'height', 'title'].includes(name)) throw new UsageError(`unknown flag ${a}`);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      opts[name] = v;
    } else {
      dirs.push(a);
    }
  }
  if (!dirs.length) throw new UsageError('name at least one run directory');
  const int = (name: string, dflt: number, min: number) => {
    if (opts[name] === undefined) return dflt;
    const n = Number(opts[name]);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer of at least ${min}, got '${opts[name]}'`);
    return n;
  };
  const window = int('window', 100, 1);
  const width = int('width', 1200, 300);
  const height = int('height', 700, 250);
  const runs = dirs.map(readRunCurve);
  for (const r of runs) if (!r.episodes.length && !r.evals.length) throw new Error(`${r.name} has no finished episodes in its metrics.jsonl yet`);
  const out = opts.out ?? path.join(dirs[0], 'learning-curve.png');
  await writeLearningCurvePng(runs, out, { window, width, height, title: opts.title });
  const summary = runs.map((r) => `${r.name} (${r.episodes.length} episodes, ${r.evals.length} evaluations)`).join(', ');
  console.log(`wrote ${out}: ${summary}`);
}

await runCli(main, () => USAGE);
