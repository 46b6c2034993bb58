// npm run games [-- --json]: the supported games with their action sets, modes, difficulties and
// the lives they start with (read from each game's ROM where it is found).
import { listGames } from '../env/games.ts';
import { exitOnUncaughtErrors } from './flags.ts';

exitOnUncaughtErrors('games');

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--json');
if (unknown.length) {
  console.error(`games: unknown argument ${unknown[0]}\nusage: npm run games [-- --json]`);
  process.exit(2);
}
const games = listGames();
if (args.includes('--json')) {
  console.log(JSON.stringify(games, null, 2));
} else {
  for (const g of games) {
    console.log(`${g.id}  (md5 ${g.md5})`);
    console.log(`  actions: ${g.actions.map((a) => `${a.id} ${a.meaning}`).join(', ')}`);
    const lives = g.livesAtStart ?? 'unknown (ROM not found: npm run roms -- import <folder>)';
    console.log(`  modes: ${g.modes.join(' ')} (default ${g.defaultMode}); difficulties: ${g.difficulties.join(' ')}; lives at start: ${lives}`);
  }
  const missing = games.filter((g) => g.livesAtStart === null).length;
  console.log(`\n${games.length} games${missing ? ` (${missing} without a ROM here)` : ''}`);
}
