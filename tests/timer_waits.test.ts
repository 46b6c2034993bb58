import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { native } from '../src/native.ts';
import { romsDir } from './paths.ts';

// The CPU skips the iterations of loops that only poll the RIOT timer. These tests run the same
// image with the skipping on and off and require identical RAM and scanline counts after every
// frame and the same last screen, on a program written to reach the edge cases: every
// prescaler, each load and branch the skipping accepts, a loop that reads past the timer's
// zero into its underflow, one across a page boundary, one longer than a frame's instruction
// budget, and one it must not skip (BIT then BNE, which depends on A).

const INTIM = [0x84, 0x02];
const TIMINT = [0x85, 0x02];
const TIM1T = [0x94, 0x02];
const TIM8T = [0x95, 0x02];
const TIM64T = [0x96, 0x02];
const T1024T = [0x97, 0x02];
const LDA_ABS = 0xad, LDX_ABS = 0xae, LDY_ABS = 0xac, BIT_ABS = 0x2c, STA_ABS = 0x8d;
const BPL = 0x10, BMI = 0x30, BNE = 0xd0, BEQ = 0xf0;

// A polling loop: the load, then the branch 5 bytes back to it.
const poll = (load: number, reg: number[], branch: number) => [load, ...reg, branch, 0xfb];
// A = base + (frame counter & mask), written to a timer register.
const setTimerFromFrame = (mask: number, base: number, timer: number[]) => [
  0xa5, 0x90, 0x29, mask, 0x18, 0x69, base, STA_ABS, ...timer,
];
// Records the cycle at which the loop before it ended, within its scanline: restarts the timer at
// one tick per cycle, waits for the next line (WSYNC) and stores what the timer reads then.
const storeExitCycle = (zp: number) => [0xa9, 0xff, STA_ABS, ...TIM1T, 0x85, 0x02, LDA_ABS, ...INTIM, 0x85, zp];

function timerProgram(): Uint8Array {
  const rom = new Uint8Array(4096).fill(0xea);
  const code: number[] = [0x78, 0xd8, 0xa2, 0xff, 0x9a]; // SEI, CLD, LDX #$FF, TXS
  const emit = (...bytes: number[]) => code.push(...bytes);
  const main = 0xf000 + code.length;
  emit(0xa9, 0x02, 0x85, 0x00, 0x85, 0x02, 0x85, 0x02, 0x85, 0x02, 0xa9, 0x00, 0x85, 0x00); // VSYNC
  emit(0xe6, 0x90); // frame counter
  emit(...setTimerFromFrame(0x0f, 20, TIM64T), ...poll(LDA_ABS, INTIM, BNE), ...storeExitCycle(0x80));
  emit(...setTimerFromFrame(0x07, 20, TIM8T), ...poll(LDX_ABS, INTIM, BPL), 0x86, 0x81, ...storeExitCycle(0x82));
  // With one tick per cycle, reads 7 cycles apart can miss zero and run into the underflow.
  emit(...setTimerFromFrame(0x07, 30, TIM1T), ...poll(LDY_ABS, INTIM, BNE), 0x84, 0x83, ...storeExitCycle(0x84));
  emit(...setTimerFromFrame(0x03, 5, TIM64T), ...poll(BIT_ABS, TIMINT, BPL), ...storeExitCycle(0x85));
  // Every 8th frame: a wait of about 131,000 cycles, beyond the frame's instruction budget.
  emit(0xa5, 0x90, 0x29, 0x07, 0xd0, 0x0c);
  emit(0xa9, 0xff, STA_ABS, ...T1024T, ...poll(LDA_ABS, INTIM, BMI), 0x85, 0x86);
  // Polls while INTIM reads 0, until the underflow.
  emit(0xa9, 0x01, STA_ABS, ...TIM64T, ...poll(LDA_ABS, INTIM, BEQ), 0x85, 0x87);
  emit(0xa9, 0x0a, STA_ABS, ...TIM8T, ...poll(LDA_ABS, TIMINT, BPL), 0x85, 0x88, ...storeExitCycle(0x89));
  // The loop at $F1FD branches back across a page boundary.
  emit(0xa9, 0x10, STA_ABS, ...TIM64T, 0x20, 0xfd, 0xf1, 0x85, 0x8a, ...storeExitCycle(0x8b));
  // BIT then BNE depends on A: never skipped, still correct.
  emit(0xa9, 0x08, STA_ABS, ...TIM64T, 0xa9, 0x04, ...poll(BIT_ABS, INTIM, BNE), ...storeExitCycle(0x8c));
  // A jump straight to the branch, taken on flags that the timer's value would not give: the
  // first read after it ends the loop.
  emit(0xa9, 0xc8, STA_ABS, ...T1024T, 0xa9, 0x01);
  const loop = 0xf000 + code.length + 3;
  emit(0x4c, (loop + 3) & 0xff, (loop + 3) >> 8, ...poll(LDA_ABS, INTIM, BPL), ...storeExitCycle(0x8d));
  emit(0x4c, main & 0xff, main >> 8); // JMP main
  rom.set(code, 0);
  expect(code.length).toBeLessThan(0x1fd);
  rom.set([...poll(LDA_ABS, INTIM, BNE), 0x60], 0x1fd);
  rom.set([0x00, 0xf0, 0x00, 0xf0], 0xffc);
  return rom;
}

function compareRuns(image: Uint8Array, frames: number) {
  const on = native().runRawConsoleFrames(image, frames, true);
  const off = native().runRawConsoleFrames(image, frames, false);
  expect(off.skipped).toBe(0);
  expect(on.skipped).toBeGreaterThan(0);
  expect(on.halted).toBe(false);
  expect(on.scanlines).toEqual(off.scanlines);
  expect(on.cycles).toEqual(off.cycles);
  for (let f = 0; f < frames; ++f) {
    const a = on.ram.subarray(f * 128, f * 128 + 128), b = off.ram.subarray(f * 128, f * 128 + 128);
    if (Buffer.compare(a, b) !== 0) throw new Error(`RAM differs after frame ${f}`);
  }
  expect(Buffer.compare(on.screen, off.screen)).toBe(0);
  return on;
}

describe('skipping of timer-polling loops', () => {
  it('changes nothing on a program that reaches its edge cases', () => {
    const r = compareRuns(timerProgram(), 160);
    // The loops ended at cycles that vary from frame to frame.
    const seen = new Set<number>();
    for (let f = 0; f < 160; ++f) seen.add(r.ram[f * 128 + 0x00] * 256 + r.ram[f * 128 + 0x04]);
    expect(seen.size).toBeGreaterThan(4);
    // Some frames were cut by the instruction budget (the long wait), so the frame counter at
    // $90 lags the frame number.
    expect(r.ram[159 * 128 + 0x10]).toBeLessThan(160);
    expect(r.ram[159 * 128 + 0x10]).toBeGreaterThan(40);
  });

  it('changes nothing in real games', () => {
    for (const game of ['ms_pacman', 'atlantis', 'king_kong', 'amidar']) {
      const image = new Uint8Array(readFileSync(path.join(romsDir, `${game}.bin`)));
      compareRuns(image, 600);
    }
  });
});
