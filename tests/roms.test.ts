import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { RomError, findRom, md5Hex, supportedRoms } from '../src/env/roms.ts';
import { romsDir } from './paths.ts';

describe('ROM table and lookup', () => {
  it('lists the same ROMs and md5s as the shared ROM folder', () => {
    const shared = JSON.parse(readFileSync(path.join(romsDir, 'md5.json'), 'utf8'));
    expect(supportedRoms()).toEqual(shared);
  });

  it('the shared ROM files have the md5 the table expects', () => {
    const table = supportedRoms();
    for (const [file, md5] of Object.entries(table)) {
      expect(md5Hex(readFileSync(path.join(romsDir, file))), file).toBe(md5);
    }
  });

  it('finds a game by id, also under another file name (by md5)', () => {
    expect(findRom('pong', romsDir)).toBe(path.join(romsDir, 'pong.bin'));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'roms-'));
    writeFileSync(path.join(dir, 'my copy of pong.a26'), readFileSync(path.join(romsDir, 'pong.bin')));
    expect(findRom('pong', dir)).toBe(path.join(dir, 'my copy of pong.a26'));
  });

  it('explains an unknown game and a missing ROM', () => {
    expect(() => findRom('brekout', romsDir)).toThrow(RomError);
    expect(() => findRom('breakou', romsDir)).toThrow(/Did you mean: breakout/);
    const empty = mkdtempSync(path.join(os.tmpdir(), 'roms-'));
    expect(() => findRom('pong', empty)).toThrow(/npm run roms -- import/);
  });
});
