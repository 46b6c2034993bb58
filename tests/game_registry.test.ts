// The game table is the one list of games: every playable row has its file native/env/games/<id>.cc
// (and every file there a row), roms/md5.json ships the same ROMs, and the console wiring follows
// the table's controller column.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import './paths.ts';
import { ALE } from '../src/env/ale.ts';
import { gameTable, supportedRoms } from '../src/env/roms.ts';
import { native, repoRoot } from '../src/native.ts';

const gamesDir = path.join(repoRoot, 'native', 'env', 'games');

describe('game table', () => {
  const table = gameTable();

  it('one file per playable game, named after its id, defining the factory the table calls', () => {
    const files = readdirSync(gamesDir).sort();
    const playable = table.filter((g) => g.playable).map((g) => `${g.id}.cc`).sort();
    expect(files).toEqual(playable);
    for (const g of table.filter((x) => x.playable)) {
      const src = readFileSync(path.join(gamesDir, `${g.id}.cc`), 'utf8');
      expect(src, g.id).toContain(`std::unique_ptr<Game> ${g.id}() {`);
    }
  });

  it('rows are sorted by id, each id once, each ROM md5 in one row only', () => {
    const ids = table.map((g) => g.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    const md5s = table.flatMap((g) => g.md5s);
    expect(new Set(md5s).size).toBe(md5s.length);
    for (const m of md5s) expect(m).toMatch(/^[0-9a-f]{32}$/);
  });

  it('roms/md5.json lists exactly the ROMs of the table', () => {
    const shipped = JSON.parse(readFileSync(path.join(repoRoot, 'roms', 'md5.json'), 'utf8'));
    expect(shipped).toEqual(supportedRoms());
  });

  it('the playable rows are the games listGames() describes; the others are refused by md5', () => {
    const listed = (native().listGames() as { id: string; md5: string }[]).map((g) => g.id);
    expect(listed).toEqual(table.filter((g) => g.playable).map((g) => g.id));
    for (const g of table) expect(native().gameForMd5(g.md5s[0]), g.id).toBe(g.playable ? g.id : null);
  });

  it('paddle games get paddles in the left jack, joystick games joysticks', () => {
    const paddles = table.filter((g) => g.playable && g.controller === 'paddles').map((g) => g.id);
    expect(paddles).toEqual(['backgammon', 'blackjack', 'breakout', 'casino', 'kaboom', 'pong']);
    for (const id of [...paddles, 'seaquest', 'surround', 'wizard_of_wor']) {
      const ale = new ALE(id);
      expect(ale.info().paddles, id).toBe(paddles.includes(id));
      ale.close();
    }
  });
});
