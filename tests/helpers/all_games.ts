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
export const EXTRA_LIVES = new Set(['atlantis', 'beam_rider', 'demon_attack', 'trondead', 'turmoil']);
/** Games whose lives counter is only set up by the first frame of play: ALE reports 0 lives right
 *  after a reset, and the full count from the first step on. */
export const LIVES_SET_BY_FIRST_STEP = new Set(['amidar']);
/** Games random play does not finish within 20,000 frames (long or untimed games). */
export const NO_END_IN_20K = new Set([
  'adventure', 'backgammon', 'blackjack', 'darkchambers', 'earthworld', 'elevator_action', 'et',
  'haunted_house', 'keystone_kapers', 'miniature_golf', 'othello', 'pitfall2', 'solaris', 'space_war',
  'superman', 'video_checkers', 'video_chess', 'video_cube',
]);

// Long synchronous stretches starve the test runner's own messages (it gives up after 60 s on a
// busy machine): these tests hand the event loop back now and then.
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

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
      if (LIVES_SET_BY_FIRST_STEP.has(id)) expect(startLives).toBe(0);
      let lives = startLives;
      let endings = 0;
      let episodeStart = 0;
      for (let i = 0; i < 5000; ++i) {
        if (i % 500 === 0) await breathe();
        ale.act(actions[rng.integers(0, actions.length)]);
        const now = ale.lives();
        expect(now).toBeGreaterThanOrEqual(0);
        const livesBeingSetUp = LIVES_SET_BY_FIRST_STEP.has(id) && i === episodeStart;
        if (!EXTRA_LIVES.has(id) && !livesBeingSetUp) expect(now, `lives rose at step ${i}`).toBeLessThanOrEqual(lives);
        lives = now;
        if (ale.gameOver()) {
          endings++;
          episodeStart = i + 1;
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
    it(`${id}: every mode and difficulty starts and runs, switched on one emulator and given at creation`, async () => {
      const ale = new ALE(id, { frameSkip: 4 });
      const modes = ale.availableModes();
      const difficulties = ale.availableDifficulties();
      expect(modes.length).toBeGreaterThan(0);
      const play = (env: ALE) => {
        env.reset();
        for (let i = 0; i < 10; ++i) env.act(env.minimalActionSet()[i % env.minimalActionSet().length]);
      };
      // Switching is what users do between runs; it takes the same mode selection path as creation.
      for (const mode of modes)
        for (const difficulty of difficulties) {
          await breathe();
          ale.setMode(mode);
          ale.setDifficulty(difficulty);
          play(ale);
          expect(ale.info()).toMatchObject({ mode, difficulty });
        }
      ale.close();
      // Creation with options, for the first and the last combination (a creation costs ~0.1 s, and
      // video_cube alone has 306 combinations).
      for (const [mode, difficulty] of [[modes[0], difficulties[0]], [modes[modes.length - 1], difficulties[difficulties.length - 1]]]) {
        const fresh = new ALE(id, { mode, difficulty, frameSkip: 4 });
        play(fresh);
        expect(fresh.info()).toMatchObject({ mode, difficulty });
        fresh.close();
      }
    }, 300_000);
  }
}
