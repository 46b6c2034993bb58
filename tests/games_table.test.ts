import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

import { listTraces } from '../src/env/parity.ts';
import { supportedRoms } from '../src/env/roms.ts';
import { listGames } from '../src/env/games.ts';
import { native } from '../src/native.ts';
import { tracesDir } from './paths.ts';

describe('game table', () => {
  const games = native().listGames() as { id: string; md5: string; minimalActions: number[]; modes: number[]; defaultMode: number }[];
  const table = supportedRoms();

  it('every game is a ROM of the md5 table, under its own name, once', () => {
    expect(new Set(games.map((g) => g.id)).size).toBe(games.length);
    for (const g of games) expect(table[`${g.id}.bin`], g.id).toBe(g.md5);
  });

  it('minimal action sets equal the ones ALE reported in the traces, in order', () => {
    let checked = 0;
    for (const file of listTraces(tracesDir)) {
      const header = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8').split('\n')[0]);
      const g = games.find((x) => x.md5 === header.rom_md5);
      expect(g, header.game).toBeDefined();
      expect(g!.minimalActions, header.game).toEqual(header.minimal_actions);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(13);
  });

  it('lives at start are the lives ALE reported right after its reset, for every traced game', () => {
    const byMd5 = new Map(listGames().map((g) => [g.md5, g]));
    let checked = 0;
    for (const file of listTraces(tracesDir)) {
      const header = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8').split('\n')[0]);
      const g = byMd5.get(header.rom_md5)!;
      expect(g.livesAtStart, header.game).toBe(header.lives_at_reset);
      expect(g.actions.map((a) => a.id), header.game).toEqual(header.minimal_actions);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(13);
  });

  it('the default mode is one of the modes', () => {
    for (const g of games) expect(g.modes, g.id).toContain(g.defaultMode);
  });

  it('npm run games lists them', async () => {
    const { execFileSync } = await import('node:child_process');
    const { repoRoot } = await import('../src/native.ts');
    const out = execFileSync('npx', ['tsx', 'src/cli/games.ts'], { cwd: repoRoot, encoding: 'utf8' });
    expect(out).toContain('breakout  (md5 f34f08e5eb96e500e851a80be3277a56)');
    expect(out).toContain('actions: 0 NOOP, 1 FIRE, 3 RIGHT, 4 LEFT');
    expect(out).toContain('difficulties: 0 1; lives at start: 5');
    expect(out).toContain(`${games.length} games`);
  });
});
