import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

import { Rng } from '../src/env/rng.ts';
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

  it('the fast resize gives the general path\'s bytes, for any sizes (up or down) and images with repeated rows', () => {
    const rng = new Rng(11);
    for (let t = 0; t < 150; ++t) {
      const sw = rng.integers(1, 300), sh = rng.integers(1, 300), dw = rng.integers(1, 2 * sw + 1), dh = rng.integers(1, 2 * sh + 1);
      const img = new Uint8Array(sw * sh).map(() => (rng.random() < 0.3 ? rng.integers(0, 256) : 0));
      for (let y = 1; y < sh; ++y) if (rng.random() < 0.5) img.copyWithin(y * sw, (y - 1) * sw, y * sw);
      const fast = new Uint8Array(dw * dh), general = new Uint8Array(dw * dh);
      native().resizeArea(img, sw, sh, 1, dw, dh, fast);
      native().resizeArea(img, sw, sh, 1, dw, dh, general, true);
      expect(firstDiff(fast, general), `${sw}x${sh} -> ${dw}x${dh}`).toBe('equal');
    }
  });

  it('warpScreen, which reuses rows of earlier calls, equals the full computation on a stream of changing screens', () => {
    const rgbPal: Uint8Array = native().paletteRGB();
    const grayPal: Uint8Array = native().paletteGray();
    const screens = gunzipSync(readFileSync(path.join(tracesDir, `${index.games[0]}.screens.bin.gz`)));
    const rng = new Rng(5);
    const s = screens.slice(0, SCREEN), p = screens.slice(SCREEN, 2 * SCREEN);
    const rgb = new Uint8Array(SCREEN * 3), gray = new Uint8Array(SCREEN);
    const got = new Uint8Array(84 * 84), want = new Uint8Array(84 * 84);
    for (let k = 0; k < 300; ++k) {
      // Mostly small changes between calls (as between agent steps), now and then a new screen.
      p.set(s);
      if (k % 50 === 0) s.set(screens.subarray((k / 50 % 11) * SCREEN, (k / 50 % 11 + 1) * SCREEN));
      for (let j = rng.integers(0, 30); j > 0; --j) s[rng.integers(0, SCREEN)] = 2 * rng.integers(0, 128);
      const from = rng.integers(0, 210);
      if (rng.random() < 0.3) s.copyWithin(rng.integers(0, 210) * 160, from * 160, (from + 1) * 160);
      const single = k % 7 === 3;
      const q = single ? s : p;
      for (const conv of ['sb3', 'gym'] as const) {
        native().warpScreen(s, single ? null : p, conv, 84, got);
        for (let i = 0; i < SCREEN; ++i) {
          if (conv === 'sb3') for (let c = 0; c < 3; ++c) rgb[3 * i + c] = Math.max(rgbPal[3 * s[i] + c], rgbPal[3 * q[i] + c]);
          else gray[i] = Math.max(grayPal[s[i]], grayPal[q[i]]);
        }
        if (conv === 'sb3') native().grayCv(rgb, gray);
        native().resizeArea(gray, 160, 210, 1, 84, 84, want, true);
        expect(firstDiff(got, want), `${conv} call ${k}`).toBe('equal');
      }
    }
  });
});
