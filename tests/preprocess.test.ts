import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

import { native } from '../src/native.ts';
import { fixturesDir, tracesDir } from './paths.ts';

const index = JSON.parse(readFileSync(path.join(fixturesDir, 'index.json'), 'utf8')) as { games: string[]; screens_per_game: number };
const SCREEN = 210 * 160;

function firstDiff(a: Uint8Array, b: Uint8Array): string {
  for (let i = 0; i < a.length; ++i) if (a[i] !== b[i]) return `byte ${i}: got ${a[i]}, OpenCV ${b[i]}`;
  return 'equal';
}

describe('preprocessing equals OpenCV byte for byte on the fixtures', () => {
  const rgbPal: Uint8Array = native().paletteRGB();
  const grayPal: Uint8Array = native().paletteGray();
  for (const game of index.games) {
    it(game, () => {
      const screens = gunzipSync(readFileSync(path.join(tracesDir, `${game}.screens.bin.gz`)));
      const fx = (kind: string) => new Uint8Array(readFileSync(path.join(fixturesDir, `${game}.${kind}.bin`)));
      const grayCv = fx('gray_cv'), warpSb3 = fx('warp_sb3'), warpGym = fx('warp_gym'), rgb64 = fx('rgb64_area');
      const rgb = new Uint8Array(SCREEN * 3), gray = new Uint8Array(SCREEN), aleGray = new Uint8Array(SCREEN);
      const small = new Uint8Array(84 * 84), small64 = new Uint8Array(64 * 64 * 3);
      for (let k = 0; k < index.screens_per_game; ++k) {
        const s = screens.subarray(k * SCREEN, (k + 1) * SCREEN);
        for (let i = 0; i < SCREEN; ++i) {
          rgb.set(rgbPal.subarray(s[i] * 3, s[i] * 3 + 3), i * 3);
          aleGray[i] = grayPal[s[i]];
        }
        native().grayCv(rgb, gray);
        expect(firstDiff(gray, grayCv.subarray(k * SCREEN, (k + 1) * SCREEN)), `gray_cv screen ${k}`).toBe('equal');
        native().resizeArea(gray, 160, 210, 1, 84, 84, small);
        expect(firstDiff(small, warpSb3.subarray(k * 7056, (k + 1) * 7056)), `warp_sb3 screen ${k}`).toBe('equal');
        native().resizeArea(aleGray, 160, 210, 1, 84, 84, small);
        expect(firstDiff(small, warpGym.subarray(k * 7056, (k + 1) * 7056)), `warp_gym screen ${k}`).toBe('equal');
        native().resizeArea(rgb, 160, 210, 3, 64, 64, small64);
        expect(firstDiff(small64, rgb64.subarray(k * 12288, (k + 1) * 12288)), `rgb64_area screen ${k}`).toBe('equal');
        // The fused path from raw screens gives the same single-frame results.
        native().warpScreen(s, null, 'sb3', 84, small);
        expect(firstDiff(small, warpSb3.subarray(k * 7056, (k + 1) * 7056)), `warpScreen sb3 ${k}`).toBe('equal');
        native().warpScreen(s, null, 'gym', 84, small);
        expect(firstDiff(small, warpGym.subarray(k * 7056, (k + 1) * 7056)), `warpScreen gym ${k}`).toBe('equal');
      }
      // Max-pool of the screens at t = 2 and t = 3 (indices 2 and 3 in the file).
      const s2 = screens.subarray(2 * SCREEN, 3 * SCREEN), s3 = screens.subarray(3 * SCREEN, 4 * SCREEN);
      native().warpScreen(s3, s2, 'sb3', 84, small);
      expect(firstDiff(small, fx('maxpool23_warp_sb3')), 'maxpool sb3').toBe('equal');
      native().warpScreen(s3, s2, 'gym', 84, small);
      expect(firstDiff(small, fx('maxpool23_warp_gym')), 'maxpool gym').toBe('equal');
    });
  }

  it('bad arguments throw', () => {
    expect(() => native().resizeArea(new Uint8Array(10), 160, 210, 1, 84, 84, new Uint8Array(7056))).toThrow(/must have 33600 elements/);
    expect(() => native().warpScreen(new Uint8Array(SCREEN), null, 'cv', 84, new Uint8Array(7056))).toThrow(/'sb3' or 'gym'/);
    expect(() => native().maxPool(new Uint8Array(4), new Uint8Array(5), new Uint8Array(4))).toThrow(/must have 4 elements/);
  });
});
