// Every game of md5.json, under random play: it loads, resets, runs 20,000 frames with lives and
// terminal flags that make sense, and every mode and difficulty it offers starts without error.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import '../paths.ts';
import { repoRoot } from '../../src/native.ts';
import { ALE } from '../../src/index.ts';
import { Rng } from '../../src/env/rng.ts';

/** ROMs ALE 0.12.1 itself refuses (they only have multi-player modes): a clear error here too. */
export const REFUSED = new Set(['combat', 'joust', 'maze_craze', 'warlords']);
/** Games that award extra lives, so a rise in lives is the game's own doing. */
export const EXTRA_LIVES = new Set(['beam_rider', 'demon_attack', 'trondead', 'turmoil']);
/** Games random play does not finish within 20,000 frames (long or untimed games). */
export const NO_END_IN_20K = new Set([
  'darkchambers', 'earthworld', 'elevator_action', 'et', 'keystone_kapers', 'miniature_golf', 'othello',
  'pitfall2', 'solaris', 'space_war', 'superman', 'video_checkers', 'video_chess', 'video_cube',
]);

export function gameIds(): string[] {
  const table = JSON.parse(readFileSync(path.join(repoRoot, 'roms', 'md5.json'), 'utf8')) as Record<string, string>;
  return Object.keys(table).map((f) => f.replace(/\.bin$/, '')).sort();
}

export function defineGameTests(ids: string[]): void {
  for (const id of ids) {
    if (REFUSED.has(id)) {
      it(`${id}: refused with a clear error, as ALE refuses it`, () => {
        expect(() => new ALE(id)).toThrow(/has no game definition/);
      });
      continue;
    }
    it(`${id}: 20,000 random frames with consistent lives and terminal flags`, async () => {
      const ale = new ALE(id, { frameSkip: 4, seed: 7 });
      const actions = ale.minimalActionSet();
      const rng = new Rng(11);
      ale.reset();
      const startLives = ale.lives();
      expect(startLives).toBeGreaterThanOrEqual(0);
      expect(ale.gameOver()).toBe(false);
      let lives = startLives;
      let endings = 0;
      for (let i = 0; i < 5000; ++i) {
        // Let the worker answer the test runner's messages: a file of such games runs for minutes.
        if (i % 500 === 0) await new Promise((r) => setImmediate(r));
        ale.act(actions[rng.integers(0, actions.length)]);
        const now = ale.lives();
        expect(now).toBeGreaterThanOrEqual(0);
        if (!EXTRA_LIVES.has(id)) expect(now, `lives rose at step ${i}`).toBeLessThanOrEqual(lives);
        lives = now;
        if (ale.gameOver()) {
          endings++;
          ale.reset();
          expect(ale.gameOver()).toBe(false);
          expect(ale.lives()).toBe(startLives);
          lives = startLives;
        }
      }
      if (NO_END_IN_20K.has(id)) expect(endings, 'listed as not ending in 20k frames').toBe(0);
      else expect(endings, 'random play should reach the end').toBeGreaterThan(0);
      ale.close();
    });
    it(`${id}: every mode and difficulty starts and runs`, () => {
      const probe = new ALE(id);
      const modes = probe.availableModes();
      const difficulties = probe.availableDifficulties();
      probe.close();
      expect(modes.length).toBeGreaterThan(0);
      for (const mode of modes)
        for (const difficulty of difficulties) {
          const ale = new ALE(id, { mode, difficulty, frameSkip: 4 });
          ale.reset();
          expect(ale.info()).toMatchObject({ mode, difficulty });
          for (let i = 0; i < 10; ++i) ale.act(ale.minimalActionSet()[i % ale.minimalActionSet().length]);
          ale.close();
        }
    });
  }
}
