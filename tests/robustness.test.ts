import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { ALE } from '../src/env/ale.ts';
import { RomError } from '../src/env/roms.ts';
import { native } from '../src/native.ts';
import { romsDir } from './paths.ts';

// A small deterministic generator so a failing case can be reproduced.
function lcg(seed: number) {
  let x = seed >>> 0;
  return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0);
}

describe('garbage ROMs never crash the process', () => {
  const rand = lcg(2024);
  const real = ['breakout', 'pong', 'seaquest', 'ms_pacman', 'montezuma_revenge', 'asteroids'].map((g) =>
    new Uint8Array(readFileSync(path.join(romsDir, `${g}.bin`))),
  );
  const cases: { name: string; bytes: Uint8Array }[] = [];
  for (let i = 0; i < 400; ++i) {
    const size = rand() % 65537;
    const b = new Uint8Array(size);
    for (let j = 0; j < size; ++j) b[j] = rand() & 0xff;
    cases.push({ name: `random ${size} bytes #${i}`, bytes: b });
  }
  const sizes = [2048, 4096, 8192, 12288, 16384, 32768];
  for (let i = 0; i < 200; ++i) {
    const size = sizes[i % sizes.length];
    const b = new Uint8Array(size);
    for (let j = 0; j < size; ++j) b[j] = rand() & 0xff;
    cases.push({ name: `random cartridge-sized ${size} #${i}`, bytes: b });
  }
  for (let i = 0; i < 200; ++i) {
    const src = real[i % real.length];
    cases.push({ name: `truncated real ROM #${i}`, bytes: src.slice(0, rand() % src.length) });
  }
  for (let i = 0; i < 200; ++i) {
    const b = real[i % real.length].slice();
    for (let k = 0; k < 1 + (i % 16); ++k) b[rand() % b.length] ^= 1 << (rand() % 8);
    cases.push({ name: `bit-flipped real ROM #${i}`, bytes: b });
  }
  for (const size of sizes) {
    cases.push({ name: `all-zero ${size}`, bytes: new Uint8Array(size) });
    cases.push({ name: `all-JAM ${size}`, bytes: new Uint8Array(size).fill(0x02) });
  }
  cases.push({ name: 'empty', bytes: new Uint8Array(0) });

  it(`runs ${cases.length} images: each is refused with a clear error or runs (possibly halted)`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(1000);
    const outcome = new Map<string, { refused: string[]; halted: number; ran: number }>();
    for (const c of cases) {
      const kind = c.name.replace(/ #\d+$/, '').replace(/ \d+( bytes)?$/, '');
      const o = outcome.get(kind) ?? { refused: [], halted: 0, ran: 0 };
      outcome.set(kind, o);
      try {
        const r = native().runRawConsole(c.bytes, 5);
        if (r.halted) o.halted++;
        else o.ran++;
      } catch (e) {
        o.refused.push((e as Error).message);
        expect((e as Error).message, c.name).toMatch(/empty|not an Atari 2600 cartridge|not supported|must be|larger than/);
      }
    }
    const count = (k: string) => cases.filter((c) => c.name.startsWith(k)).length;
    // What each kind of image must do, not just that nothing crashed:
    expect(outcome.get('empty')!.refused).toEqual([expect.stringMatching(/empty/)]);
    expect(outcome.get('all-JAM')!.halted).toBe(count('all-JAM')); // a JAM opcode stops the CPU
    expect(outcome.get('all-zero')!.ran).toBe(count('all-zero')); // BRKs through a zero vector: the CPU keeps going
    // Bit flips keep a real game's size, so its scheme is still found: never refused.
    expect(outcome.get('bit-flipped real ROM')!.refused).toEqual([]);
    // Random bytes of a cartridge's size are an image: run or halt, never refused.
    expect(outcome.get('random cartridge-sized')!.refused).toEqual([]);
    // Random lengths are almost never a cartridge size: refused by size, and the message says so.
    const random = cases.filter((c) => c.name.startsWith('random ') && c.name.includes('bytes'));
    const oddSized = random.filter((c) => ![2048, 4096, 8192, 12288, 16384, 32768, 65536].includes(c.bytes.length) && c.bytes.length % 8448 !== 0).length;
    expect(outcome.get('random')!.refused.filter((m) => /not an Atari 2600 cartridge image/.test(m)).length).toBeGreaterThanOrEqual(oddSized);
  });

  it('an all-JAM cartridge halts the CPU and the console keeps producing frames', () => {
    const r = native().runRawConsoleFrames(new Uint8Array(4096).fill(0x02), 10, true);
    expect(r.halted).toBe(true);
    // Ten frames came back, each with the RAM as the halted CPU left it, and a whole screen.
    expect(r.ram.length).toBe(10 * 128);
    expect(r.cycles).toHaveLength(10);
    for (let f = 1; f < 10; ++f) expect(r.ram.subarray(f * 128, f * 128 + 128)).toEqual(r.ram.subarray(0, 128));
    expect(r.screen.length).toBeGreaterThanOrEqual(160 * 192);
  });
});

describe('bad input gets a clear error', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'badrom-'));

  it('an unknown ROM names its md5 and says how to import supported ROMs', () => {
    const file = path.join(tmp, 'mystery.bin');
    writeFileSync(file, new Uint8Array(4096).fill(0xea));
    expect(() => new ALE(file)).toThrow(RomError);
    expect(() => new ALE(file)).toThrow(/md5 [0-9a-f]{32}.*npm run roms -- import/);
  });

  it('a corrupted copy of a real game is recognised as such', () => {
    const b = new Uint8Array(readFileSync(path.join(romsDir, 'pong.bin')));
    b[100] ^= 0xff;
    const file = path.join(tmp, 'pong.bin');
    writeFileSync(file, b);
    expect(() => new ALE(file)).toThrow(/named like the supported game 'pong'/);
  });

  it('empty and unreadable files', () => {
    const empty = path.join(tmp, 'empty.bin');
    writeFileSync(empty, new Uint8Array(0));
    expect(() => new ALE(empty)).toThrow(/empty/);
    expect(() => new ALE(path.join(tmp, 'missing.bin'))).toThrow(/does not exist/);
  });

  it('illegal actions, wrong buffer sizes and unsupported modes throw instead of crashing', () => {
    const ale = new ALE('pong', { repeatActionProbability: 0 });
    expect(() => ale.act(18)).toThrow(/not an ALE action id/);
    expect(() => ale.act(-1)).toThrow(RangeError);
    expect(() => ale.getScreenRGB(new Uint8Array(10))).toThrow(/exactly 100800 elements/);
    expect(() => ale.setMode(7)).toThrow(/mode 7 is not available for pong; available modes: 0 1/);
    expect(() => new ALE('pong', { frameSkip: 0 })).toThrow(/frameSkip/);
    expect(() => new ALE('pong', { repeatActionProbability: 2 })).toThrow(/repeatActionProbability/);
    expect(() => ale.restoreState(new Uint8Array([1, 2, 3]))).toThrow(/restoreState/);
    expect(ale.act(0)).toBe(0); // still usable afterwards
  });
});
