import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { native } from '../src/native.ts';
import { supportedRoms } from '../src/env/roms.ts';
import { romsDir } from './paths.ts';

// Frames nobody looks at are not drawn; a screen that is read must still be exactly the screen an
// always-drawing emulator shows. Compare the two on sparse, irregular reads, through resets.
const GAMES = ['qbert', 'breakout', 'ms_pacman', 'montezuma_revenge', 'enduro', 'space_invaders'];

describe('lazy screens', () => {
  for (const game of GAMES) {
    it(`${game}: screens read now and then equal those of an emulator that draws every frame`, () => {
      const bytes = new Uint8Array(readFileSync(path.join(romsDir, `${game}.bin`)));
      const md5 = supportedRoms()[`${game}.bin`];
      const make = (lazy: boolean) =>
        new (native().NativeAleEnv)(bytes, md5, { repeatActionProbability: 0.25, seed: 5, frameSkip: 3, lazyScreens: lazy });
      const lazy = make(true);
      const eager = make(false);
      const actions: number[] = lazy.minimalActions();
      const a = new Uint8Array(lazy.screenHeight() * 160);
      const b = new Uint8Array(a.length);
      let x = 99;
      let compared = 0;
      for (let t = 0; t < 1500; ++t) {
        x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
        const act = actions[(x >>> 16) % actions.length];
        expect(lazy.act(act)).toBe(eager.act(act));
        if (lazy.gameOver()) {
          lazy.reset();
          eager.reset();
        }
        if ((x >>> 8) % 7 === 0 || t % 97 === 0) {
          lazy.getScreen(a);
          eager.getScreen(b);
          expect(Buffer.compare(Buffer.from(a), Buffer.from(b)), `${game} step ${t}`).toBe(0);
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(100);
    });
  }
});
