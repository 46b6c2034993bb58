import { describe, expect, it } from 'vitest';

import { native } from '../src/native.ts';

// Bank-switching schemes that no supported game uses (3F, 3E, E7, UA, CV), run on test programs
// written for each: the program switches banks and RAM the way the scheme is driven, stores what
// it reads in RIOT RAM at $80-$8F, and then runs frames, each of which first reads from the bank
// selected in the frame before and then selects another. The supported games cover the other
// schemes (npm run parity).

const lo = (a: number) => a & 0xff;
const hi = (a: number) => (a >> 8) & 0xff;
const LDA = (v: number) => [0xa9, v];
const LDA_ = (a: number) => (a < 0x100 ? [0xa5, a] : [0xad, lo(a), hi(a)]);
const STA_ = (a: number) => (a < 0x100 ? [0x85, a] : [0x8d, lo(a), hi(a)]);
const LDA_X = (a: number) => [0xbd, lo(a), hi(a)];
const STA_X = (a: number) => [0x9d, lo(a), hi(a)];
const AND = (v: number) => [0x29, v];
const LDX = (v: number) => [0xa2, v];
const INC = (zp: number) => [0xe6, zp];
const JSR = (a: number) => [0x20, lo(a), hi(a)];
const JMP = (a: number) => [0x4c, lo(a), hi(a)];
const TAX = 0xaa, ASL = 0x0a, RTS = 0x60;
const PROLOGUE = [0x78, 0xd8, 0xa2, 0xff, 0x9a]; // SEI, CLD, LDX #$FF, TXS
const COUNTER = 0xa0; // frames so far; $A1.. what a frame read before switching

// A program at `origin`: the probes, then frames of 3 + 256 lines, each running `perFrame` after
// VSYNC. `tia` is the mirror the frame loop writes VSYNC and WSYNC through.
function program(origin: number, probes: number[], perFrame: number[], tia = 0): number[] {
  const code = [...PROLOGUE, ...probes];
  const frame = origin + code.length;
  code.push(...LDA(2), ...STA_(tia), ...STA_(tia + 2), ...STA_(tia + 2), ...STA_(tia + 2), ...LDA(0), ...STA_(tia));
  code.push(...INC(COUNTER), ...perFrame);
  code.push(...LDX(0), ...STA_(tia + 2), 0xca, 0xd0, tia < 0x100 ? 0xfb : 0xfa); // DEX, BNE back to the STA WSYNC
  code.push(...JMP(frame));
  return code;
}

// An image whose bytes vary (no scheme's signature by accident), with the program placed at
// `offset` and the reset vector pointing at `origin` in every 4K bank's vector area.
function image(size: number, code: number[], offset: number, origin: number): Uint8Array {
  const img = new Uint8Array(size).map((_, i) => (i * 7 + 3) & 0xff);
  img.set(code, offset);
  for (let v = Math.min(size, 4096) - 4; v < size; v += 4096) img.set([lo(origin), hi(origin), lo(origin), hi(origin)], v);
  return img;
}

// The RAM after the first frame (the probes; it ends at the program's first VSYNC) and checks
// that the frames after it have the program's lines: its VSYNC and WSYNC writes reached the TIA.
function firstFrameRam(img: Uint8Array): Uint8Array {
  const r = native().runRawConsoleFrames(img, 4, true);
  expect(r.halted).toBe(false);
  const lines = r.scanlines.slice(1);
  expect(new Set(lines)).toEqual(new Set([lines[0]]));
  expect(lines[0]).toBeGreaterThan(255);
  expect(lines[0]).toBeLessThan(265);
  return r.ram.subarray(0, 128);
}

// The state after `before` frames, loaded into a fresh console, must continue exactly as the
// console it came from. The cartridge's part of it must matter: with one of two consecutive
// `before`s the first frame after the load reads a bank other than the one a reset selects.
function roundTrip(img: Uint8Array, differsFromReset: (firstRead: number) => boolean) {
  let differed = 0;
  for (const before of [7, 8]) {
    const r = native().rawConsoleRoundTrip(img, before, 12);
    expect(Buffer.compare(r.continued, r.restored)).toBe(0);
    if (differsFromReset(r.continued[COUNTER + 1 - 0x80])) differed++;
  }
  expect(differed).toBeGreaterThan(0);
}

describe('cartridge schemes without a supported game', () => {
  it('3F: a write to $00-$3F selects the 2K slice at $1000, the last 2K stays; the TIA keeps its reads and writes', () => {
    const probes = [
      ...LDA(0), ...STA_(0x3f), ...LDA_(0xf000), ...STA_(0x80),
      ...LDA(1), ...STA_(0x3f), ...LDA_(0xf000), ...STA_(0x81),
      ...LDA(2), ...STA_(0x3f), ...LDA_(0xf7f0), ...STA_(0x82),
      ...LDA(5), ...STA_(0x3f), ...LDA_(0xf000), ...STA_(0x83), // 5 mod 4 slices
      ...LDA(0), ...STA_(0x2d), ...LDA_(0xf000), ...STA_(0x84), // any address up to $3F
      ...LDA(1), ...STA_(0xf000), ...LDA_(0xf000), ...STA_(0x85), // a write to ROM selects nothing
      ...LDA(1), ...STA_(0x7f), ...LDA_(0xf000), ...STA_(0x86), // nor one above $3F
      ...LDA_(0xf800), ...STA_(0x87),
      ...LDA(1), ...STA_(0x3f), ...JSR(0xf100), // code in the slice
      ...LDA_(0x0c), ...AND(0x80), ...STA_(0x89), // INPT4: fire not pressed
      // WSYNC at $02 (which also selects slice $FF mod 4) still stops the CPU to the line's end:
      // the timer, started one cycle a tick right after the line began, has counted most of a line.
      ...STA_(0x42), ...LDA(0xff), ...STA_(0x0294), ...STA_(0x02), ...LDA_(0x0284), ...STA_(0x8a),
    ];
    const perFrame = [...LDA_(0xf000), ...STA_(COUNTER + 1), ...LDA_(COUNTER), ...AND(3), ...STA_(0x3f)];
    // Every write to $00-$3F selects a slice, so the frames reach the TIA through its mirror at
    // $40, as the scheme's games do.
    const img = image(8192, program(0xf800, probes, perFrame, 0x40), 0x1800, 0xf800);
    for (let k = 0; k < 3; ++k) img.set([0xa0 + k], k * 2048), img.set([0xb0 + k], k * 2048 + 0x7f0);
    img.set([...LDA(0xc1), ...STA_(0x88), RTS], 2048 + 0x100);
    expect(native().detectCartType(img)).toBe('3F');
    const ram = firstFrameRam(img);
    expect([...ram.subarray(0, 10)]).toEqual([0xa0, 0xa1, 0xb2, 0xa1, 0xa0, 0xa0, 0xa0, PROLOGUE[0], 0xc1, 0x80]);
    expect(ram[0x0a]).toBeGreaterThan(0xff - 76);
    expect(ram[0x0a]).toBeLessThan(0xff - 60);
    roundTrip(img, (first) => first !== 0xa0);
  });

  it('3E: a write to $3E selects one of 32 1K RAM banks (reads at $1000, writes at $1400), $3F a ROM slice', () => {
    const probes = [
      ...LDA(0), ...STA_(0x3e), ...LDA(0), // (STA $3E; LDA #0 is what the scheme's detection looks for)
      ...LDA(0x5a), ...STA_(0xf400), ...LDA_(0xf000), ...STA_(0x80),
      ...LDA(1), ...STA_(0x3e), ...LDA(0x6b), ...STA_(0xf400), ...LDA_(0xf000), ...STA_(0x81),
      ...LDA(0), ...STA_(0x3e), ...LDA_(0xf000), ...STA_(0x82), // the banks are separate
      ...LDA(33), ...STA_(0x3e), ...LDA_(0xf000), ...STA_(0x83), // 33 mod 32
      ...LDA(0x77), ...STA_(0xf7ff), ...LDA_(0xf3ff), ...STA_(0x84),
      ...LDA(1), ...STA_(0x3f), ...LDA_(0xf000), ...STA_(0x85),
      ...LDA(0), ...STA_(0x2d), ...LDA_(0xf000), ...STA_(0x86), // only $3E and $3F select
      ...LDA(0), ...STA_(0x3e), ...LDA_(0xf000), ...STA_(0x87), // the RAM outlived the ROM slice
    ];
    // Each frame reads the RAM bank of the frame before, then writes the counter to the other one.
    const perFrame = [...LDA_(0xf000), ...STA_(COUNTER + 1), ...LDA_(COUNTER), ...AND(1), ...STA_(0x3e), ...LDA_(COUNTER), ...STA_(0xf400)];
    const img = image(8192, program(0xf800, probes, perFrame), 0x1800, 0xf800);
    for (let k = 0; k < 3; ++k) img.set([0xa0 + k], k * 2048);
    expect(native().detectCartType(img)).toBe('3E');
    const ram = firstFrameRam(img);
    expect([...ram.subarray(0, 8)]).toEqual([0x5a, 0x6b, 0x5a, 0x6b, 0x77, 0xa1, 0xa1, 0x5a]);
    // Reads at $1000 after a reset show ROM slice 0.
    roundTrip(img, (first) => first !== 0xa0);
  });

  it('E7: $1FE0-$1FE7 select the 2K slice or the 1K RAM, $1FE8-$1FEB the 256-byte RAM bank; $1A00 on is fixed', () => {
    const probes = [
      ...LDA_(0xffe0), ...LDA_(0xf000), ...STA_(0x80),
      ...LDA_(0xffe3), ...LDA_(0xf000), ...STA_(0x81),
      ...LDA_(0xffe6), ...LDA_(0xf7f0), ...STA_(0x82),
      ...LDA_(0xffe7), ...LDA(0x5a), ...STA_(0xf000), ...LDA_(0xf400), ...STA_(0x83), // 1K RAM
      ...LDA(0x77), ...STA_(0xf3ff), ...LDA_(0xf7ff), ...STA_(0x84),
      ...LDA_(0xffe8), ...LDA(0x11), ...STA_(0xf800), ...LDA_(0xffe9), ...LDA(0x22), ...STA_(0xf800),
      ...LDA_(0xf900), ...STA_(0x85), ...LDA_(0xffe8), ...LDA_(0xf900), ...STA_(0x86), // 256-byte banks
      ...LDA_(0xfa00), ...STA_(0x87),
      ...LDA_(0xffe2), ...LDA_(0xffe7), ...LDA_(0xf400), ...STA_(0x88), // the 1K outlived slice 2
      ...STA_(0xffe1), ...LDA_(0xf000), ...STA_(0x89), // a write touches a hotspot too
      ...LDA_(0xffeb), ...LDA(0x33), ...STA_(0xf8ff), ...LDA_(0xf9ff), ...STA_(0x8a),
    ];
    // Each frame reads the slice and the 256-byte bank of the frame before, then selects others
    // through indexed reads of the hotspots and writes the counter to both RAMs.
    const perFrame = [
      ...LDA_(0xf000), ...STA_(COUNTER + 1), ...LDA_(0xf900), ...STA_(COUNTER + 2),
      ...LDA_(COUNTER), ...AND(7), TAX, ...LDA_X(0xffe0), ...LDA_(COUNTER), ...AND(3), TAX, ...LDA_X(0xffe8),
      ...LDA_(COUNTER), ...STA_(0xf000), ...STA_(0xf800),
    ];
    const img = image(16384, program(0xfa00, probes, perFrame), 0x3a00, 0xfa00);
    for (let k = 0; k < 7; ++k) img.set([0xa0 + k], k * 2048), img.set([0xb0 + k], k * 2048 + 0x7f0);
    img.fill(0xff, 0x3800, 0x3a00); // under the RAM: what the scheme's detection looks for
    expect(native().detectCartType(img)).toBe('E7');
    const ram = firstFrameRam(img);
    expect([...ram.subarray(0, 11)]).toEqual([0xa0, 0xa3, 0xb6, 0x5a, 0x77, 0x22, 0x11, PROLOGUE[0], 0x5a, 0xa1, 0x33]);
    roundTrip(img, (first) => first !== 0xa0);
  });

  it('UA: touching $0220 / $0240 selects the 4K bank; every other access to their pages reaches the TIA', () => {
    const probes = [
      ...LDA_(0xf000), ...STA_(0x80),
      ...LDA_(0x0240), ...LDA_(0xf000), ...STA_(0x81),
      ...LDA_(0x0220), ...LDA_(0xf000), ...STA_(0x82),
      ...STA_(0x0240), ...LDA_(0xf000), ...STA_(0x83),
      ...LDA_(0x0221), ...LDA_(0xf000), ...STA_(0x84), // not a hotspot
      ...LDA_(0x0220), ...LDA_(0x2240), ...LDA_(0xf000), ...STA_(0x85), // the address bus's mirror
      ...LDA_(0x020c), ...AND(0x80), ...STA_(0x86), // INPT4 through the cartridge's page
    ];
    // Each frame reads the bank of the frame before, then selects bank (counter & 1): X = 0 or $20.
    const perFrame = [...LDA_(0xf000), ...STA_(COUNTER + 1), ...LDA_(COUNTER), ...AND(1), ASL, ASL, ASL, ASL, ASL, TAX, ...LDA_X(0x0220)];
    const code = program(0xf100, probes, perFrame, 0x0200);
    const img = image(8192, [], 0, 0xf100);
    for (const bank of [0, 1]) img.set(code, bank * 4096 + 0x100), img.set([0xa0 + bank], bank * 4096);
    expect(native().detectCartType(img)).toBe('UA');
    const ram = firstFrameRam(img);
    expect([...ram.subarray(0, 7)]).toEqual([0xa0, 0xa1, 0xa0, 0xa1, 0xa1, 0xa1, 0x80]);
    roundTrip(img, (first) => first !== 0xa0);
  });

  it('CV: 2K of ROM at $1800 and 1K of RAM (reads at $1000, writes at $1400), preset by a 4K image', () => {
    const probes = [
      ...LDX(1), ...LDA(0x5a), ...STA_X(0xf3ff), ...LDA_(0xf000), ...STA_(0x80), // STA $F3FF,X writes $F400
      ...LDA(0x77), ...STA_(0xf7ff), ...LDA_(0xf3ff), ...STA_(0x81),
      ...LDA_(0xf010), ...STA_(0x82),
    ];
    const perFrame = [...LDA_(0xf010), ...STA_(COUNTER + 1), ...LDA_(COUNTER), ...STA_(0xf410)];
    const code = program(0xf800, probes, perFrame);
    const two = image(2048, code, 0, 0xf800);
    expect(native().detectCartType(two)).toBe('CV');
    expect([...firstFrameRam(two).subarray(0, 2)]).toEqual([0x5a, 0x77]);
    // A 4K image: the RAM's contents at reset, then the ROM in the second half.
    const four = new Uint8Array(4096).map((_, i) => (i * 13 + 5) & 0xff);
    four.set(two, 2048);
    expect(native().detectCartType(four)).toBe('CV');
    expect([...firstFrameRam(four).subarray(0, 3)]).toEqual([0x5a, 0x77, four[0x10]]);
    roundTrip(four, (first) => first !== four[0x10]);
  });

  it('refuses an image of a size the scheme cannot have', () => {
    // Two STA $3F make a 3F image, but 3000 bytes are no whole number of 2K slices.
    const img = new Uint8Array(3000).fill(0xea);
    img.set([0x85, 0x3f, 0xea, 0x85, 0x3f]);
    expect(native().detectCartType(img)).toBe('3F');
    expect(() => native().runRawConsole(img, 1)).toThrow(/3F cartridge image must be a whole number of 2K slices, got 3000 bytes/);
  });
});
