import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { native } from '../src/native.ts';
import { tracesDir } from './paths.ts';

describe('NTSC palette', () => {
  const ref = JSON.parse(readFileSync(path.join(tracesDir, 'palette.json'), 'utf8')) as { ntsc_rgb: number[][]; gray: number[] };

  it('gives ALE\'s RGB colour for every even screen byte', () => {
    const rgb: Uint8Array = native().paletteRGB();
    for (let v = 0; v < 256; v += 2) {
      expect([rgb[v * 3], rgb[v * 3 + 1], rgb[v * 3 + 2]], `index ${v}`).toEqual(ref.ntsc_rgb[v]);
    }
  });

  it('gives ALE\'s gray value for every even screen byte', () => {
    const gray: Uint8Array = native().paletteGray();
    for (let v = 0; v < 256; v += 2) expect(gray[v], `index ${v}`).toBe(ref.gray[v]);
  });
});
