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

describe('PAL palette', () => {
  it('gives ALE\'s PAL colours (spot checks from ALE 0.12.1) and differs from NTSC', () => {
    const rgb: Uint8Array = native().paletteRGB('PAL');
    const gray: Uint8Array = native().paletteGray('PAL');
    const spots: [number, number[], number][] = [[0x24, [171, 135, 50], 136], [0x46, [182, 132, 72], 140], [0x6c, [236, 128, 180], 166], [0xd8, [92, 92, 210], 105], [0xfe, [236, 236, 236], 236]];
    for (const [v, colour, g] of spots) {
      expect([rgb[v * 3], rgb[v * 3 + 1], rgb[v * 3 + 2]], `index ${v}`).toEqual(colour);
      expect(gray[v]).toBe(g);
    }
    expect(Buffer.compare(Buffer.from(rgb), Buffer.from(native().paletteRGB()))).not.toBe(0);
  });

  it('PAL games report PAL and their RGB and gray screens use the PAL table', async () => {
    const { ALE } = await import('../src/index.ts');
    await import('./paths.ts');
    const pac = new ALE('pacman');
    const brk = new ALE('breakout');
    expect([pac.displayFormat, brk.displayFormat]).toEqual(['PAL', 'NTSC']);
    pac.reset();
    for (let i = 0; i < 60; ++i) pac.act(0);
    const idx = pac.getScreen();
    const rgb = pac.getScreenRGB();
    const gray = pac.getScreenGrayscale();
    const table: Uint8Array = native().paletteRGB('PAL');
    const grayTable: Uint8Array = native().paletteGray('PAL');
    let colourful = 0;
    for (let i = 0; i < idx.length; ++i) {
      for (let c = 0; c < 3; ++c) expect(rgb[i * 3 + c]).toBe(table[idx[i] * 3 + c]);
      expect(gray[i]).toBe(grayTable[idx[i]]);
      if (idx[i] !== 0) colourful++;
    }
    expect(colourful).toBeGreaterThan(1000);
  });
});

describe('screen conversions', () => {
  it('RGB and gray screens are the palette lookup of every raw pixel, over real play (runs and single pixels alike)', async () => {
    const { ALE } = await import('../src/index.ts');
    await import('./paths.ts');
    const table: Uint8Array = native().paletteRGB();
    const grayTable: Uint8Array = native().paletteGray();
    for (const game of ['breakout', 'ms_pacman', 'seaquest', 'carnival']) {
      const ale = new ALE(game, { frameSkip: 3 });
      ale.reset();
      const actions = ale.minimalActionSet();
      const n = ale.height * ale.width;
      const want = new Uint8Array(n * 3), wantGray = new Uint8Array(n);
      for (let step = 0; step < 120; ++step) {
        ale.act(actions[(step * 7) % actions.length]);
        if (step % 20 !== 19) continue;
        const idx = ale.getScreen();
        for (let i = 0; i < n; ++i) {
          want.set(table.subarray(idx[i] * 3, idx[i] * 3 + 3), i * 3);
          wantGray[i] = grayTable[idx[i]];
        }
        expect(Buffer.compare(Buffer.from(ale.getScreenRGB()), Buffer.from(want)), `${game} RGB at step ${step}`).toBe(0);
        expect(Buffer.compare(Buffer.from(ale.getScreenGrayscale()), Buffer.from(wantGray)), `${game} gray at step ${step}`).toBe(0);
      }
      ale.close();
    }
  });

  it('stay exact when read every frame into reused buffers, across state restores and resets', async () => {
    // The binding reuses the conversion of rows unchanged since the previous read.
    const { ALE } = await import('../src/index.ts');
    await import('./paths.ts');
    for (const [game, format] of [['space_invaders', undefined], ['pacman', 'PAL']] as const) {
      const table: Uint8Array = native().paletteRGB(format);
      const grayTable: Uint8Array = native().paletteGray(format);
      const ale = new ALE(game, { repeatActionProbability: 0 });
      ale.reset();
      const actions = ale.minimalActionSet();
      const n = ale.height * ale.width;
      const rgb = new Uint8Array(n * 3), gray = new Uint8Array(n);
      let saved: Uint8Array | undefined;
      let changedRows = 0;
      let previous: Uint8Array = new Uint8Array(n);
      for (let step = 0; step < 400; ++step) {
        ale.act(actions[(step * 5 + (step >> 3)) % actions.length]);
        if (step === 100) saved = ale.cloneState();
        if (step === 250) ale.restoreState(saved!);
        if (step === 330) ale.reset();
        const idx = ale.getScreen();
        for (let r = 0; r < ale.height; ++r)
          if (Buffer.compare(Buffer.from(idx.subarray(r * 160, r * 160 + 160)), Buffer.from(previous.subarray(r * 160, r * 160 + 160))) !== 0) ++changedRows;
        previous = idx;
        rgb.fill(step & 0xff);
        gray.fill(step & 0xff);
        if (step % 3 !== 1) ale.getScreenRGB(rgb);
        if (step % 3 !== 2) ale.getScreenGrayscale(gray);
        for (let i = 0; i < n; ++i) {
          if (step % 3 !== 1 && (rgb[i * 3] !== table[idx[i] * 3] || rgb[i * 3 + 1] !== table[idx[i] * 3 + 1] || rgb[i * 3 + 2] !== table[idx[i] * 3 + 2]))
            throw new Error(`${game} RGB pixel ${i} at step ${step}`);
          if (step % 3 !== 2 && gray[i] !== grayTable[idx[i]]) throw new Error(`${game} gray pixel ${i} at step ${step}`);
        }
      }
      // Both kinds of rows were met: some changed between reads, most did not.
      expect(changedRows).toBeGreaterThan(200);
      expect(changedRows).toBeLessThan(400 * ale.height * 0.5);
      ale.close();
    }
  });
});
