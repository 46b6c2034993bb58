// Finding and checking ROM files. A game is recognised by the md5 of its file, never by its
// name; names only help to find a file and to explain what is wrong with one.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

import { native, repoRoot } from '../native.ts';

/** Largest cartridge image any supported scheme uses. */
const MAX_ROM_BYTES = 512 * 1024;

/** file name -> md5 of every ROM the project supports (the table shipped in roms/md5.json). */
export function supportedRoms(): Record<string, string> {
  return JSON.parse(readFileSync(path.join(repoRoot, 'roms', 'md5.json'), 'utf8'));
}

/** Where ROMs are looked up: ATARI_ROMS_DIR if set, else ./roms of the project. */
export function romsDir(): string {
  return process.env.ATARI_ROMS_DIR ? path.resolve(process.env.ATARI_ROMS_DIR) : path.join(repoRoot, 'roms');
}

export function md5Hex(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

export class RomError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RomError';
  }
}

const IMPORT_HINT =
  'Import your own ROMs with `npm run roms -- import <folder>` (it checks each file by md5 and copies the ' +
  'supported ones into ./roms), or point ATARI_ROMS_DIR at a folder that holds them.';

/** Reads a ROM file and checks that it is a supported game; returns its bytes and identity. */
export function loadRom(file: string): { bytes: Uint8Array; md5: string; gameId: string } {
  let bytes: Uint8Array;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new RomError(`ROM path ${file} is not a file.`);
    if (st.size === 0) throw new RomError(`ROM file ${file} is empty. ${IMPORT_HINT}`);
    if (st.size > MAX_ROM_BYTES)
      throw new RomError(`ROM file ${file} is ${st.size} bytes, larger than any Atari 2600 cartridge. ${IMPORT_HINT}`);
    bytes = new Uint8Array(readFileSync(file));
  } catch (e) {
    if (e instanceof RomError) throw e;
    throw new RomError(`Cannot read ROM file ${file}: ${(e as Error).message}. ${IMPORT_HINT}`);
  }
  const md5 = md5Hex(bytes);
  const gameId = native().gameForMd5(md5) as string | null;
  if (!gameId) {
    const stem = path.basename(file).replace(/\.[^.]*$/, '');
    const known = Object.entries(supportedRoms()).find(([, m]) => m === md5);
    if (known) {
      throw new RomError(`ROM file ${file} is ${known[0]} (md5 ${md5}), a ROM the Arcade Learning Environment lists, but this ` +
        'version has no game definition for it (ALE 0.12.1 refuses it too).');
    }
    const expected = supportedRoms()[`${stem}.bin`];
    const which = expected
      ? ` The file is named like the supported game '${stem}', whose ROM has md5 ${expected}; yours is a different dump or revision.`
      : '';
    throw new RomError(`ROM file ${file} (md5 ${md5}, ${bytes.length} bytes) is not a supported game.${which} ${IMPORT_HINT}`);
  }
  return { bytes, md5, gameId };
}

/**
 * Finds the ROM for a game id (e.g. "breakout") in the ROM folder, by its usual file name first and
 * then by md5 among the folder's files; or takes `gameOrPath` as a path when it names a file.
 */
export function findRom(gameOrPath: string, dir = romsDir()): string {
  if (gameOrPath.includes('/') || gameOrPath.includes('\\') || /\.(bin|a26|rom)$/i.test(gameOrPath)) {
    if (!existsSync(gameOrPath)) throw new RomError(`ROM file ${gameOrPath} does not exist. ${IMPORT_HINT}`);
    return gameOrPath;
  }
  const id = gameOrPath.trim().toLowerCase();
  const table = supportedRoms();
  const md5 = table[`${id}.bin`];
  if (!md5) {
    const known = Object.keys(table).map((f) => f.replace(/\.bin$/, ''));
    const close = known.filter((k) => k.includes(id) || id.includes(k)).slice(0, 5);
    throw new RomError(
      `Unknown game '${gameOrPath}'.` + (close.length ? ` Did you mean: ${close.join(', ')}?` : '') +
        ' `npm run games` lists every supported game.',
    );
  }
  const where = process.env.ATARI_ROMS_DIR ? `ATARI_ROMS_DIR (${dir})` : `the project's ROM folder (${dir})`;
  if (!existsSync(dir)) throw new RomError(`No ROM for '${id}': ${where} does not exist. ${IMPORT_HINT}`);
  const direct = path.join(dir, `${id}.bin`);
  if (existsSync(direct)) return direct;
  for (const f of readdirSync(dir)) {
    const full = path.join(dir, f);
    try {
      const st = statSync(full);
      if (!st.isFile() || st.size === 0 || st.size > MAX_ROM_BYTES) continue;
      if (md5Hex(readFileSync(full)) === md5) return full;
    } catch {
      // unreadable entries are skipped
    }
  }
  throw new RomError(`No ROM for '${id}' in ${where}. ${IMPORT_HINT}`);
}
