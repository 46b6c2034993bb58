// npm run test:leaks [-- --cycles 10000]: creates, resets and closes emulators over and over (every
// game in turn) and checks that resident memory stays flat: after a warm-up, growth must stay under
// a few MiB however many cycles run.
import { ALE } from '../src/index.ts';
import { native } from '../src/native.ts';
import { parseFlags, runCli, usage } from '../src/cli/flags.ts';

const spec = { defaults: { cycles: 10_000, help: false }, ranges: { cycles: { integer: true, min: 100 } } };

async function main(): Promise<void> {
  const { config: o } = parseFlags(process.argv.slice(2), spec);
  if (o.help) return void console.log(usage('npm run test:leaks --', spec));
  const { cycles } = o;
  const games = (native().listGames() as { id: string }[]).map((g) => g.id).sort();
  const mib = () => process.memoryUsage().rss / 2 ** 20;
  const warmup = Math.min(1000, Math.floor(cycles / 5));
  let base = 0;
  const start = Date.now();
  for (let i = 0; i < cycles; ++i) {
    const ale = new ALE(games[i % games.length], { seed: i });
    ale.reset();
    for (let k = 0; k < 4; ++k) ale.act(0);
    ale.cloneState();
    ale.close();
    if (i + 1 === warmup) {
      global.gc?.();
      base = mib();
    }
    if ((i + 1) % 1000 === 0) console.log(`${i + 1} cycles: rss ${mib().toFixed(1)} MiB (${((Date.now() - start) / 1000).toFixed(0)} s)`);
  }
  global.gc?.();
  const growth = mib() - base;
  const limit = 16;
  console.log(`${cycles} create/reset/close cycles over ${games.length} games: rss grew ${growth.toFixed(1)} MiB after the first ${warmup} (limit ${limit} MiB)`);
  if (growth >= limit) throw new Error(`resident memory grew ${growth.toFixed(1)} MiB, over the ${limit} MiB limit: something leaks`);
}

await runCli(main, () => usage('npm run test:leaks --', spec));
