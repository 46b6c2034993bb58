// The pixel helpers behind rendered videos: upscaling, the built-in font, tiles and layout.
import { describe, expect, it } from 'vitest';

import { FONT_CHARACTERS, GLYPH_HEIGHT, glyph } from '../src/video/font5x7.ts';
import { BANNER, episodeFrame } from '../src/video/episode_frame.ts';
import { blank, drawText, sideBySide, stackTiles, textWidth, upscale } from '../src/video/overlay.ts';

const px = (f: { data: Uint8Array; width: number }, x: number, y: number) => [...f.data.subarray((y * f.width + x) * 3, (y * f.width + x) * 3 + 3)];

describe('overlay', () => {
  it('upscales by repeating each pixel into a factor x factor block', () => {
    const src = { data: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), width: 2, height: 2 };
    const big = upscale(src, 3);
    expect([big.width, big.height]).toEqual([6, 6]);
    for (let y = 0; y < 6; ++y)
      for (let x = 0; x < 6; ++x) expect(px(big, x, y)).toEqual(px(src, Math.floor(x / 3), Math.floor(y / 3)));
    expect(() => upscale(src, 0)).toThrow(/factor must be a positive integer/);
  });

  it('has a distinct, non-empty glyph for every character, upper and lower case alike', () => {
    const keys = FONT_CHARACTERS.map((c) => JSON.stringify(glyph(c)));
    expect(new Set(keys).size).toBe(FONT_CHARACTERS.length);
    for (const c of FONT_CHARACTERS) if (c !== ' ') expect(glyph(c).flat().some(Boolean), c).toBe(true);
    expect(glyph('e')).toEqual(glyph('E'));
    expect(glyph('~')).toEqual(glyph('?'));
  });

  it('draws text cell by cell within its measured width', () => {
    const text = 'EP 1  SCORE 12';
    const f = blank(200, 30);
    drawText(f, text, 3, 4, 2, [255, 0, 0]);
    let minX = Infinity, maxX = -1, minY = Infinity, maxY = -1;
    for (let y = 0; y < f.height; ++y)
      for (let x = 0; x < f.width; ++x)
        if (px(f, x, y)[0] === 255) [minX, maxX, minY, maxY] = [Math.min(minX, x), Math.max(maxX, x), Math.min(minY, y), Math.max(maxY, y)];
    expect([minX, maxX + 1]).toEqual([3, 3 + textWidth(text, 2)]);
    expect([minY, maxY + 1]).toEqual([4, 4 + GLYPH_HEIGHT * 2]);
    // The '1' (4th character) is lit exactly where its glyph says, in 2x2 cells.
    const one = glyph('1');
    for (let r = 0; r < 7; ++r)
      for (let c = 0; c < 5; ++c) expect(px(f, 3 + 3 * 12 + c * 2 + 1, 4 + r * 2 + 1)[0] === 255).toBe(one[r][c]);
  });

  it('lays the agent stack out as 2x2 tiles beside the game under the banner', () => {
    const stack = new Uint8Array(4 * 84 * 84);
    for (let i = 0; i < 4; ++i) stack.fill(10 * (i + 1), i * 84 * 84, (i + 1) * 84 * 84);
    const tiles = stackTiles(stack, 4, 84);
    expect([tiles.width, tiles.height]).toEqual([169, 169]);
    expect([px(tiles, 0, 0), px(tiles, 85, 0), px(tiles, 0, 85), px(tiles, 168, 168)]).toEqual([[10, 10, 10], [20, 20, 20], [30, 30, 30], [40, 40, 40]]);
    const game = blank(160, 210, [200, 100, 50]);
    const f = episodeFrame(game, 'EP 1  SCORE 0', 3, { frames: stack, k: 4, size: 84 });
    expect([f.width, f.height]).toEqual([(160 + 5 + 169) * 3, (BANNER + 210) * 3]);
    expect(px(f, 0, BANNER * 3)).toEqual([200, 100, 50]);
    expect(px(f, 165 * 3, BANNER * 3)).toEqual([10, 10, 10]);
    expect(sideBySide(blank(3, 5), blank(4, 2), 1).width).toBe(8);
  });
});
