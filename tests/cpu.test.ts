import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { native } from '../src/native.ts';
import { cpuTestsDir } from './paths.ts';

const run = (bytes: number[], regs: Record<string, number> = {}, n = 1, mem?: Uint8Array) =>
  native().cpuRun(new Uint8Array(bytes), 0x0200, regs, n, mem);

describe('6502 core', () => {
  it('passes the 6502 functional test (traps at 0x3469)', () => {
    const image = new Uint8Array(readFileSync(path.join(cpuTestsDir, '6502_functional_test.bin')));
    const r = native().runCpuFunctionalTest(image, 0x0400, 200e6);
    expect(r.trapped).toBe(true);
    expect(r.pc.toString(16)).toBe('3469');
  });

  it('LAX, SAX, DCP, ISB and SLO behave as the NMOS chip', () => {
    const mem = new Uint8Array(65536);
    mem[0x10] = 0x81;
    let r = run([0xa7, 0x10], {}, 1, mem); // LAX $10
    expect([r.a, r.x, r.p & 0x82]).toEqual([0x81, 0x81, 0x80]);
    r = run([0x87, 0x20], { a: 0xf0, x: 0x3c }); // SAX $20
    expect(r.memory[0x20]).toBe(0x30);
    mem[0x10] = 0x43;
    r = run([0xc7, 0x10], { a: 0x42 }, 1, mem); // DCP $10: mem-1 = 0x42, compare equal
    expect(r.memory[0x10]).toBe(0x42);
    expect(r.p & 0x03).toBe(0x03); // Z and C
    mem[0x10] = 0x0f;
    r = run([0xe7, 0x10], { a: 0x20, p: 0x21 }, 1, mem); // ISB $10: mem+1 = 0x10, A = 0x20 - 0x10
    expect([r.memory[0x10], r.a, r.p & 0x01]).toEqual([0x10, 0x10, 1]);
    mem[0x10] = 0x81;
    r = run([0x07, 0x10], { a: 0x01 }, 1, mem); // SLO $10: mem = 0x02, A |= 0x02, C = 1
    expect([r.memory[0x10], r.a, r.p & 0x01]).toEqual([0x02, 0x03, 1]);
  });

  it('adds in decimal mode', () => {
    const r = run([0x69, 0x29], { a: 0x15, p: 0x28 }); // SED state, ADC #$29
    expect(r.a).toBe(0x44);
    expect(r.p & 0x01).toBe(0);
  });

  it('halts on a JAM opcode and stays halted without harming the process', () => {
    const r = run([0x02, 0xea, 0xea], {}, 10);
    expect(r.halted).toBe(true);
    expect(r.instructions).toBe(1);
    expect(r.pc).toBe(0x0201);
  });

  it('counts cycles, with the extra read of a page-crossing indexed load', () => {
    expect(run([0xbd, 0x10, 0x30], { x: 0x01 }).cycles).toBe(4); // LDA $3010,X
    const r = run([0xbd, 0xff, 0x30], { x: 0x01 }); // LDA $30FF,X crosses into $3100
    expect(r.cycles).toBe(5);
    expect(r.accesses).toEqual(['R 0200', 'R 0201', 'R 0202', 'R 3000', 'R 3100']);
  });

  it('performs the double write of read-modify-write and the stack accesses of JSR/RTS', () => {
    expect(run([0xee, 0x00, 0x30]).accesses).toEqual(['R 0200', 'R 0201', 'R 0202', 'R 3000', 'W 3000', 'W 3000']);
    const jsr = run([0x20, 0x00, 0x03], { sp: 0xff });
    expect(jsr.accesses).toEqual(['R 0200', 'R 0201', 'R 01ff', 'W 01ff', 'W 01fe', 'R 0202']);
    expect([jsr.pc, jsr.sp, jsr.cycles]).toEqual([0x0300, 0xfd, 6]);
  });

  it('takes branches with their extra cycles', () => {
    expect(run([0xd0, 0x02], { p: 0x20 }).cycles).toBe(3); // BNE taken, same page
    expect(run([0xd0, 0x02], { p: 0x22 }).cycles).toBe(2); // not taken
    expect(run([0xd0, 0xf0], { p: 0x20 }).cycles).toBe(4); // taken backwards across a page
  });
});
