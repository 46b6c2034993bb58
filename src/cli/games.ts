// npm run games [-- --json]: the supported games with their action sets, modes and difficulties.
import { ACTION_MEANINGS } from '../env/ale.ts';
import { native } from '../native.ts';

interface GameRow {
  id: string;
  md5: string;
  minimalActions: number[];
  startingActions: number[];
  modes: number[];
  defaultMode: number;
  difficulties: number[];
}

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--json');
if (unknown.length) {
  console.error(`games: unknown argument ${unknown[0]}\nusage: npm run games [-- --json]`);
  process.exit(2);
}
const games = (native().listGames() as GameRow[]).sort((a, b) => a.id.localeCompare(b.id));
if (args.includes('--json')) {
  console.log(JSON.stringify(games, null, 2));
} else {
  for (const g of games) {
    console.log(`${g.id}  (md5 ${g.md5})`);
    console.log(`  actions: ${g.minimalActions.map((a) => `${a} ${ACTION_MEANINGS[a]}`).join(', ')}`);
    console.log(`  modes: ${g.modes.join(' ')} (default ${g.defaultMode}); difficulties: ${g.difficulties.join(' ')}`);
  }
  console.log(`\n${games.length} games`);
}
