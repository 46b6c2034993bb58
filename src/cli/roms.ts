// npm run roms -- import [DIR...] | list
// Copies the ROMs of the game table into ./roms (recognised by md5) and reports what it skipped.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

import { gameTable, md5Hex, romFileNames, romsDir } from '../env/roms.ts';
import { repoRoot } from '../native.ts';
import { exitOnUncaughtErrors } from './flags.ts';

exitOnUncaughtErrors('roms');

function usage(msg?: string): never {
  if (msg) console.error(`roms: ${msg}`);
  console.error('usage:\n  npm run roms -- import [DIR...]   copy supported ROMs (by md5) into ./roms\n' +
    '                                     with no DIR, look for an installed Python ale-py ROM folder\n' +
    '  npm run roms -- list               show which supported games have a ROM in the ROM folder');
  process.exit(2);
}

/** ROM folders of Python packages that ship or install Atari ROMs, if python3 can find any. */
function pythonRomDirs(): string[] {
  const script =
    'import importlib.util, os\n' +
    'for m in ("ale_py", "AutoROM"):\n' +
    '    s = importlib.util.find_spec(m)\n' +
    '    if s and s.submodule_search_locations:\n' +
    '        for p in s.submodule_search_locations:\n' +
    '            for sub in ("roms", "ROM", "roms/ROM"):\n' +
    '                d = os.path.join(p, sub)\n' +
    '                if os.path.isdir(d): print(d)\n';
  try {
    return execFileSync('python3', ['-c', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

function walk(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir)) {
    const full = path.join(dir, f);
    const st = statSync(full);
    if (st.isDirectory()) walk(full, out);
    else if (st.isFile()) out.push(full);
  }
  return out;
}

function importRoms(dirs: string[]): void {
  if (dirs.length === 0) {
    dirs = pythonRomDirs();
    if (dirs.length === 0) usage('no folder given and no Python ale-py ROM folder found; pass the folder that holds your ROMs');
    console.log(`found Python ROM folder(s): ${dirs.join(', ')}`);
  }
  const byMd5 = romFileNames();
  const target = path.join(repoRoot, 'roms');
  mkdirSync(target, { recursive: true });
  let copied = 0;
  const skipped: string[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) usage(`${dir} is not a folder`);
    for (const file of walk(dir)) {
      const size = statSync(file).size;
      if (size === 0 || size > 512 * 1024) {
        skipped.push(`${file} (${size} bytes: not a cartridge image)`);
        continue;
      }
      const md5 = md5Hex(readFileSync(file));
      const name = byMd5.get(md5);
      if (!name) {
        skipped.push(`${file} (md5 ${md5} is not a supported ROM)`);
        continue;
      }
      copyFileSync(file, path.join(target, name));
      copied++;
      console.log(`imported ${name}  <- ${file}`);
    }
  }
  console.log(`\n${copied} ROM(s) imported into ${target}; ${skipped.length} file(s) skipped.`);
  for (const s of skipped) console.log(`  skipped ${s}`);
}

function list(): void {
  const dir = romsDir();
  const have = new Set<string>();
  if (existsSync(dir)) for (const f of walk(dir)) {
    const st = statSync(f);
    if (st.size > 0 && st.size <= 512 * 1024) have.add(md5Hex(readFileSync(f)));
  }
  const games = gameTable();
  const present = games.filter((g) => g.md5s.some((m) => have.has(m)));
  for (const g of games) console.log(`${present.includes(g) ? 'present' : 'missing'}  ${g.id}`);
  console.log(`\n${present.length}/${games.length} supported ROMs present in ${dir}`);
}

const [cmd, ...rest] = process.argv.slice(2);
if (cmd === 'import') importRoms(rest);
else if (cmd === 'list') list();
else usage(cmd ? `unknown command ${cmd}` : undefined);
