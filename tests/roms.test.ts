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

describe('npm run roms -- import', () => {
  it('copies supported ROMs by md5 (whatever their names) and reports the files it skipped', async () => {
    const { execFileSync } = await import('node:child_process');
    const { existsSync, rmSync, mkdirSync } = await import('node:fs');
    const { repoRoot } = await import('../src/native.ts');
    const src = mkdtempSync(path.join(os.tmpdir(), 'import-'));
    mkdirSync(path.join(src, 'nested'));
    writeFileSync(path.join(src, 'nested', 'FREEWAY (1981).a26'), readFileSync(path.join(romsDir, 'freeway.bin')));
    writeFileSync(path.join(src, 'notes.txt'), 'not a rom');
    const target = path.join(repoRoot, 'roms', 'freeway.bin');
    const existed = existsSync(target);
    try {
      const out = execFileSync('npx', ['tsx', 'src/cli/roms.ts', 'import', src], { cwd: repoRoot, encoding: 'utf8' });
      expect(out).toContain('imported freeway.bin');
      expect(out).toMatch(/1 ROM\(s\) imported .* 1 file\(s\) skipped/);
      expect(out).toMatch(/skipped .*notes\.txt \(md5 [0-9a-f]{32} is not a supported ROM\)/);
      expect(md5Hex(readFileSync(target))).toBe(supportedRoms()['freeway.bin']);
    } finally {
      if (!existed) rmSync(target, { force: true });
    }
  });

  it('a bad flag or command gets the usage text and exit code 2', async () => {
    const { spawnSync } = await import('node:child_process');
    const { repoRoot } = await import('../src/native.ts');
    const r = spawnSync('npx', ['tsx', 'src/cli/roms.ts', 'frobnicate'], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown command frobnicate[\s\S]*usage/);
  });
});
