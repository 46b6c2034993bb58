// Finding and checking ROM files. A game is recognised by the md5 of its file, never by its
// name; names only help to find a file and to explain what is wrong with one.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

import { native, repoRoot } from '../native.ts';

/** Largest cartridge image any supported scheme uses. */
const MAX_ROM_BYTES = 512 * 1024;

/** A row of the addon's game table (native/env/game_table.cc). */
export interface GameTableRow {
  id: string;
  /** The ROM dumps played as this game (md5, lowercase hex). */
  md5s: string[];
  controller: 'joystick' | 'paddles';
  /** False for the few ROMs ALE 0.12.1 lists but refuses to play. */
  playable: boolean;
}

/** Every row of the game table, sorted by id: the ROMs the project knows. */
export function gameTable(): GameTableRow[] {
  return native().gameTable() as GameTableRow[];
}

/** The file name a ROM of the table is kept under (`<id>.bin`), by md5. */
export function romFileNames(): Map<string, string> {
  return new Map(gameTable().flatMap((g) => g.md5s.map((md5) => [md5, `${g.id}.bin`] as [string, string])));
}

/**
 * file name -> md5 of every ROM the project supports, from the game table (each game has one ROM
 * dump; roms/md5.json ships the same list for reading without the addon).
 */
export function supportedRoms(): Record<string, string> {
  return Object.fromEntries(gameTable().map((g) => [`${g.id}.bin`, g.md5s[0]]));
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
    const known = romFileNames().get(md5);
    if (known) {
      throw new RomError(`ROM file ${file} is ${known} (md5 ${md5}), a ROM the Arcade Learning Environment lists, but this ` +
        'version has no game definition for it (ALE 0.12.1 refuses it too).');
    }
    const expected = gameTable().find((g) => g.id === stem)?.md5s;
    const which = expected
      ? ` The file is named like the supported game '${stem}', whose ROM has md5 ${expected.join(' or ')}; yours is a different dump or revision.`
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
  const table = gameTable();
  const md5s = table.find((g) => g.id === id)?.md5s;
  if (!md5s) {
    const known = table.map((g) => g.id);
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
      if (md5s.includes(md5Hex(readFileSync(full)))) return full;
    } catch {
      // unreadable entries are skipped
    }
  }
  throw new RomError(`No ROM for '${id}' in ${where}. ${IMPORT_HINT}`);
}
