// npm run parity -- [traces dir] [--game NAME]: replay ALE reference traces and compare every frame.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { checkPalette, formatResult, listTraces, replayTrace } from '../env/parity.ts';
import { romsDir } from '../env/roms.ts';
import { repoRoot } from '../native.ts';
import { exitOnUncaughtErrors } from './flags.ts';

exitOnUncaughtErrors('parity');

function usage(msg?: string): never {
  if (msg) console.error(`parity: ${msg}`);
  console.error('usage: npm run parity -- [TRACES_DIR] [--game NAME]...\n' +
    '  TRACES_DIR defaults to $ALE_TRACES_DIR or ../shared/ale-traces next to the project.');
  process.exit(2);
}

const args = process.argv.slice(2);
let dir: string | undefined;
const only: string[] = [];
for (let i = 0; i < args.length; ++i) {
  const a = args[i];
  if (a === '--game') {
    if (!args[i + 1]) usage('--game needs a value');
    only.push(args[++i]);
  } else if (a === '-h' || a === '--help') usage();
  else if (a.startsWith('-')) usage(`unknown flag ${a}`);
  else if (dir) usage(`unexpected argument ${a}`);
  else dir = a;
}
dir = path.resolve(dir ?? process.env.ALE_TRACES_DIR ?? path.join(repoRoot, '..', 'shared', 'ale-traces'));
if (!existsSync(dir)) usage(`trace folder ${dir} does not exist`);

let failed = false;
const traces = listTraces(dir).filter((f) => only.length === 0 || only.some((g) => path.basename(f).startsWith(`${g}.`)));
if (traces.length === 0) usage(`no *.trace.jsonl.gz files in ${dir}`);
const roms = romsDir();
if (!existsSync(roms) || readdirSync(roms).length === 0) {
  console.error(`parity: no ROMs in ${roms} to replay the traces with; import yours with \`npm run roms -- import <folder>\` or point ATARI_ROMS_DIR at them`);
  process.exit(1);
}
for (const file of traces) {
  const r = replayTrace(file);
  console.log(formatResult(r));
  if (r.error || r.firstMismatch) failed = true;
}
for (const [format, name] of [['NTSC', 'palette.json'], ['PAL', 'palette_pal.json']] as const) {
  if (!existsSync(path.join(dir, name))) continue;
  const p = checkPalette(dir, format);
  console.log(`${format === 'PAL' ? 'PAL palette' : 'palette'}: ${p.identical}/${p.total} colours identical${p.first ? `, first mismatch at ${p.first}` : ''}`);
  if (p.identical !== p.total) failed = true;
}
process.exit(failed ? 1 : 0);
