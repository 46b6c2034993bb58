// The 6507 CPU: an NMOS 6502 core with 13 address lines and no interrupt pins.
// Every instruction performs the same bus accesses as the hardware does, in the same order,
// including the dummy reads of indexed and read-modify-write addressing, because on the 2600
// reads have side effects (cartridge bank switching, timer flags). Each access advances the
// system clock by one cycle before it happens, so devices see the cycle of the access.
// The accesses that only fill a cycle and that the reference emulator's CPU does not make (the
// read of the next byte by one-byte instructions, taken branches and the stack instructions, the
// read at the unfixed address of indexed addressing, and the unmodified write-back of a
// read-modify-write) go to the bus's dummyPeek / dummyPoke, so a device whose state counts
// accesses can leave them out.
// Opcodes that jam the real chip halt the emulated one until the next reset.
//
// What the CPU needs from its bus: peek(addr) (outside a run), peek/poke/dummyPeek/dummyPoke with
// the CPU's cycle count passed by reference, cycles() and setCycles().
#pragma once
#include <cstdint>

#include "emu/state.h"

namespace emu {

// The bus accesses and addressing helpers run several times per instruction: inlining them into
// the opcode switch removes a call per access.
#define EMU_CPU_INLINE __attribute__((always_inline)) inline

template <class Bus>
class Cpu6502 {
 public:
  explicit Cpu6502(Bus& bus) : bus_(bus) {}

  void reset() {
    a = x = y = 0;
    sp = 0xFF;
    setP(0x20);
    halted_ = false;
    stopRequested_ = false;
    lastRead_ = true;
    // The reset vector is fetched without advancing the clock.
    pc = static_cast<uint16_t>(bus_.peek(0xFFFC) | (bus_.peek(0xFFFD) << 8));
  }

  // Runs up to `maxInstructions`, stopping early after an instruction during which a device
  // called stop(), or at once when the CPU is halted. Returns the instructions executed.
  uint32_t execute(uint32_t maxInstructions) {
    stopRequested_ = false;
    if (halted_ || maxInstructions == 0) return 0;
    Core core{bus_, lastRead_, stopRequested_, halted_};
    core.a = a; core.x = x; core.y = y; core.sp = sp; core.pc = pc;
    core.n_ = n_; core.v_ = v_; core.d_ = d_; core.i_ = i_; core.z_ = z_; core.c_ = c_;
    core.cycles = bus_.cycles();
    core.budget = maxInstructions;
    core.skipWaits = skipTimerWaits_;
    do {
      core.step();  // a jam sets stopRequested_ too, so one flag is tested per instruction
      ++core.done;
    } while (core.done < maxInstructions && !stopRequested_);
    a = core.a; x = core.x; y = core.y; sp = core.sp; pc = core.pc;
    n_ = core.n_; v_ = core.v_; d_ = core.d_; i_ = core.i_; z_ = core.z_; c_ = core.c_;
    bus_.setCycles(core.cycles);
    skippedWaitIterations_ += core.skipped;
    return core.done;
  }

  void stop() { stopRequested_ = true; }
  bool halted() const { return halted_; }
  // Timer-polling loops are skipped (see Core::loopBranch) unless switched off, for tests that
  // compare both ways; the count of iterations skipped so far tells whether it happened.
  void setSkipTimerWaits(bool on) { skipTimerWaits_ = on; }
  uint64_t skippedWaitIterations() const { return skippedWaitIterations_; }
  // Whether the access before the one in progress was a read (the TIA's WSYNC needs this).
  bool lastAccessWasRead() const { return lastRead_; }

  uint8_t p() const { return packFlags(n_, v_, d_, i_, z_, c_); }
  void setP(uint8_t v) {
    n_ = v & 0x80; v_ = v & 0x40; d_ = v & 0x08; i_ = v & 0x04; z_ = v & 0x02; c_ = v & 0x01;
  }

  void save(StateWriter& out) const {
    out.tag("CPU");
    out.u8(a); out.u8(x); out.u8(y); out.u8(sp); out.u16(pc); out.u8(p());
    out.boolean(halted_); out.boolean(lastRead_);
  }
  void load(StateReader& in) {
    in.expectTag("CPU");
    a = in.u8(); x = in.u8(); y = in.u8(); sp = in.u8(); pc = in.u16(); setP(in.u8());
    halted_ = in.boolean(); lastRead_ = in.boolean();
    stopRequested_ = false;
  }

  uint8_t a = 0, x = 0, y = 0, sp = 0xFF;
  uint16_t pc = 0;

 private:
  // The status byte. The 6507 has no B flag latch: bit 4 (and the unused bit 5) read back as set.
  static uint8_t packFlags(bool n, bool v, bool d, bool i, bool z, bool c) {
    return static_cast<uint8_t>((n ? 0x80 : 0) | (v ? 0x40 : 0) | 0x30 | (d ? 0x08 : 0) | (i ? 0x04 : 0) |
                                (z ? 0x02 : 0) | (c ? 0x01 : 0));
  }
  // One run of execute(): the registers, the flags and the cycle count live in this local object,
  // whose every function is inlined, so the compiler keeps them in machine registers instead of
  // storing and reloading them around each access. The bus sees the cycle count only when it
  // calls a device. The flags the devices reach through the Cpu6502 stay in it.
  struct Skip { uint32_t iterations, cycles; };
  // Rarely reached (once or twice per wait): kept out of line, with the registers it needs passed
  // by value, so the core's registers stay in machine registers. `loop` is the load's address,
  // `cycles` the count after the branch back to it.
  __attribute__((noinline)) static Skip timerWaitSkip(Bus& bus, uint16_t loop, uint32_t cycles, uint32_t room,
                                                    uint8_t lo, uint8_t hi) {
    int op = bus.plainByte(loop);
    // BIT sets N from bit 7 of the value but Z from A AND value: only BPL/BMI can follow it.
    bool bitN = op == 0x2C && (lo == 0x00 || lo == 0x80) && hi == static_cast<uint8_t>(lo + 0x7F);
    if (op != 0xAD && op != 0xAE && op != 0xAC && !bitN) return {0, 0};
    // The loop's code, and the byte after it that a taken branch reads, must be plain memory;
    // so must the byte a branch back across a page boundary reads on the way.
    int lo8 = bus.plainByte(static_cast<uint16_t>(loop + 1)), hi8 = bus.plainByte(static_cast<uint16_t>(loop + 2));
    if (lo8 < 0 || hi8 < 0 || bus.plainByte(static_cast<uint16_t>(loop + 3)) < 0 ||
        bus.plainByte(static_cast<uint16_t>(loop + 4)) < 0 || bus.plainByte(static_cast<uint16_t>(loop + 5)) < 0)
      return {0, 0};
    uint16_t after = static_cast<uint16_t>(loop + 5);
    bool crosses = ((after ^ loop) & 0xFF00) != 0;
    if (crosses && bus.plainByte(static_cast<uint16_t>((after & 0xFF00) | (loop & 0x00FF))) < 0) return {0, 0};
    // One iteration: 4 cycles of load (the value is read on the 4th), 3 of taken branch, +1 across a page.
    uint32_t period = crosses ? 8 : 7;
    uint16_t addr = static_cast<uint16_t>(lo8 | (hi8 << 8));
    uint32_t n = bus.quietReads(addr, cycles + 4, period, room, lo, hi);
    return {n, n * period};
  }

  struct Core {
    Core(Bus& bus, bool& lastRead, bool& stopRequested, bool& halted)
        : bus_(bus), lastRead_(lastRead), stopRequested_(stopRequested), halted_(halted) {}
    Bus& bus_;
    bool& lastRead_;
    bool& stopRequested_;
    bool& halted_;
    uint8_t a = 0, x = 0, y = 0, sp = 0;
    uint16_t pc = 0;
    bool n_ = false, v_ = false, d_ = false, i_ = false, z_ = false, c_ = false;
    uint32_t cycles = 0;
    uint32_t done = 0, budget = 0;  // instructions executed (before the current one) and allowed
    bool skipWaits = true;
    uint32_t skipped = 0;

    EMU_CPU_INLINE uint8_t rd(uint16_t addr) {
      ++cycles;
      return bus_.peek(addr, cycles);
    }
    EMU_CPU_INLINE void wr(uint16_t addr, uint8_t v) {
      ++cycles;
      bus_.poke(addr, v, cycles);
      lastRead_ = false;
    }
    // Cycles that only fill time (see System::dummyPeek): most devices treat them as any access.
    EMU_CPU_INLINE void dummyRead(uint16_t addr) {
      ++cycles;
      bus_.dummyPeek(addr, cycles);
    }
    EMU_CPU_INLINE void dummyWrite(uint16_t addr, uint8_t v) {
      ++cycles;
      bus_.dummyPoke(addr, v, cycles);
      lastRead_ = false;
    }
    EMU_CPU_INLINE void nz(uint8_t v) { n_ = v & 0x80; z_ = v == 0; }

    // ---- effective addresses -------------------------------------------------
    EMU_CPU_INLINE uint16_t zp() { return rd(pc++); }
    EMU_CPU_INLINE uint16_t zpIndexed(uint8_t index) {
      uint8_t base = rd(pc++);
      dummyRead(base);  // the CPU reads the unindexed address while it adds
      return static_cast<uint8_t>(base + index);
    }
    EMU_CPU_INLINE uint16_t abs() {
      uint16_t lo = rd(pc++);
      return static_cast<uint16_t>(lo | (rd(pc++) << 8));
    }
    // Reads through abs,X / abs,Y: the first read uses the unfixed high byte; a page crossing costs
    // a second read at the right address.
    EMU_CPU_INLINE uint8_t readAbsIndexed(uint8_t index) {
      uint16_t lo = rd(pc++);
      uint16_t hi = static_cast<uint16_t>(rd(pc++) << 8);
      uint16_t unfixed = static_cast<uint16_t>(hi | static_cast<uint8_t>(lo + index));
      if (lo + index <= 0xFF) return rd(unfixed);
      dummyRead(unfixed);
      return rd(static_cast<uint16_t>((hi | lo) + index));
    }
    // Writes and read-modify-writes always take the extra cycle.
    EMU_CPU_INLINE uint16_t absIndexedForWrite(uint8_t index) {
      uint16_t lo = rd(pc++);
      uint16_t hi = static_cast<uint16_t>(rd(pc++) << 8);
      dummyRead(static_cast<uint16_t>(hi | static_cast<uint8_t>(lo + index)));
      return static_cast<uint16_t>((hi | lo) + index);
    }
    EMU_CPU_INLINE uint16_t indX() {
      uint8_t ptr = rd(pc++);
      dummyRead(ptr);
      ptr = static_cast<uint8_t>(ptr + x);
      uint16_t lo = rd(ptr);
      return static_cast<uint16_t>(lo | (rd(static_cast<uint8_t>(ptr + 1)) << 8));
    }
    EMU_CPU_INLINE uint8_t readIndY() {
      uint8_t ptr = rd(pc++);
      uint16_t lo = rd(ptr);
      uint16_t hi = static_cast<uint16_t>(rd(static_cast<uint8_t>(ptr + 1)) << 8);
      uint16_t unfixed = static_cast<uint16_t>(hi | static_cast<uint8_t>(lo + y));
      if (lo + y <= 0xFF) return rd(unfixed);
      dummyRead(unfixed);
      return rd(static_cast<uint16_t>((hi | lo) + y));
    }
    EMU_CPU_INLINE uint16_t indYForWrite() {
      uint8_t ptr = rd(pc++);
      uint16_t lo = rd(ptr);
      uint16_t hi = static_cast<uint16_t>(rd(static_cast<uint8_t>(ptr + 1)) << 8);
      dummyRead(static_cast<uint16_t>(hi | static_cast<uint8_t>(lo + y)));
      return static_cast<uint16_t>((hi | lo) + y);
    }

    // Operand of a read instruction for the addressing mode encoded in the opcode's low bits.
    __attribute__((always_inline)) uint8_t readOperand(uint8_t op) {
      switch (op & 0x1F) {
        case 0x01: case 0x03: return rd(indX());
        case 0x00: case 0x02: case 0x09: case 0x0B: return rd(pc++);  // immediate
        case 0x04: case 0x05: case 0x06: case 0x07: return rd(zp());
        case 0x0C: case 0x0D: case 0x0E: case 0x0F: return rd(abs());
        case 0x11: case 0x13: return readIndY();
        case 0x14: case 0x15: return rd(zpIndexed(x));
        case 0x16: case 0x17: return rd(zpIndexed((op & 0xC0) == 0x80 ? y : x));  // LDX/LAX use Y
        case 0x19: case 0x1B: return readAbsIndexed(y);
        case 0x1C: case 0x1D: return readAbsIndexed(x);
        case 0x1E: case 0x1F: return readAbsIndexed((op & 0xC0) == 0x80 ? y : x);
        default: return rd(pc);
      }
    }
    // Address of a write or read-modify-write instruction.
    __attribute__((always_inline)) uint16_t writeAddress(uint8_t op) {
      switch (op & 0x1F) {
        case 0x01: case 0x03: return indX();
        case 0x04: case 0x05: case 0x06: case 0x07: return zp();
        case 0x0C: case 0x0D: case 0x0E: case 0x0F: return abs();
        case 0x11: case 0x13: return indYForWrite();
        case 0x14: case 0x15: return zpIndexed(x);
        case 0x16: case 0x17: return zpIndexed((op & 0xC0) == 0x80 ? y : x);
        case 0x19: case 0x1B: return absIndexedForWrite(y);
        case 0x1C: case 0x1D: return absIndexedForWrite(x);
        default: return absIndexedForWrite((op & 0xC0) == 0x80 ? y : x);  // 0x1E / 0x1F
      }
    }

    EMU_CPU_INLINE uint8_t packP() const { return packFlags(n_, v_, d_, i_, z_, c_); }
    EMU_CPU_INLINE void unpackP(uint8_t v) {
      n_ = v & 0x80; v_ = v & 0x40; d_ = v & 0x08; i_ = v & 0x04; z_ = v & 0x02; c_ = v & 0x01;
    }

    // ---- arithmetic ------------------------------------------------------------
    static int fromBcd(int v) { return (v >> 4) * 10 + (v & 0x0F); }
    // Binary -> BCD as a 512-entry table would give it, including the entries below index 0 that
    // an SBC of invalid BCD digits reaches (they alias the BCD -> binary half).
    static uint8_t toBcd(int v) {
      if (v < 0) return static_cast<uint8_t>(fromBcd(v + 256));
      return static_cast<uint8_t>((((v % 100) / 10) << 4) | (v % 10));
    }
    EMU_CPU_INLINE void adc(uint8_t m) {
      uint8_t old = a;
      if (!d_) {
        int sum = static_cast<int8_t>(a) + static_cast<int8_t>(m) + (c_ ? 1 : 0);
        v_ = sum > 127 || sum < -128;
        int u = a + m + (c_ ? 1 : 0);
        a = static_cast<uint8_t>(u);
        c_ = u > 0xFF;
        nz(a);
      } else {
        int sum = fromBcd(a) + fromBcd(m) + (c_ ? 1 : 0);
        c_ = sum > 99;
        a = toBcd(sum & 0xFF);
        nz(a);
        v_ = ((old ^ a) & 0x80) && ((a ^ m) & 0x80);
      }
    }
    EMU_CPU_INLINE void sbc(uint8_t m) {
      uint8_t old = a;
      if (!d_) {
        adc(static_cast<uint8_t>(~m));
      } else {
        int diff = fromBcd(a) - fromBcd(m) - (c_ ? 0 : 1);
        if (diff < 0) diff += 100;
        a = toBcd(diff);
        nz(a);
        c_ = old >= m + (c_ ? 0 : 1);
        v_ = ((old ^ a) & 0x80) && ((a ^ m) & 0x80);
      }
    }
    void compare(uint8_t reg, uint8_t m) {
      uint16_t r = static_cast<uint16_t>(reg - m);
      n_ = r & 0x80;
      z_ = (r & 0xFF) == 0;
      c_ = !(r & 0x100);
    }
    uint8_t asl(uint8_t v) { c_ = v & 0x80; v = static_cast<uint8_t>(v << 1); nz(v); return v; }
    uint8_t lsr(uint8_t v) { c_ = v & 0x01; v = v >> 1; nz(v); return v; }
    uint8_t rol(uint8_t v) { bool c = c_; c_ = v & 0x80; v = static_cast<uint8_t>((v << 1) | (c ? 1 : 0)); nz(v); return v; }
    uint8_t ror(uint8_t v) { bool c = c_; c_ = v & 0x01; v = static_cast<uint8_t>((v >> 1) | (c ? 0x80 : 0)); nz(v); return v; }

    EMU_CPU_INLINE void branch(bool take) {
      int8_t off = static_cast<int8_t>(rd(pc++));
      if (!take) return;
      dummyRead(pc);
      uint16_t target = static_cast<uint16_t>(pc + off);
      if ((target ^ pc) & 0xFF00) dummyRead(static_cast<uint16_t>((pc & 0xFF00) | (target & 0x00FF)));
      pc = target;
    }
    // BPL/BMI/BNE/BEQ: a taken branch 5 bytes back may close a loop that only polls the RIOT
    // timer (LDA/LDX/LDY/BIT of INTIM or TIMINT, then the branch). Its iterations before the
    // read that ends it are skipped at once: they read plain memory and the timer, whose reads
    // then have no effect, so only the clock and the instruction count move. The loop stays taken
    // while the value read is in [lo, hi].
    EMU_CPU_INLINE void loopBranch(bool take, uint8_t lo, uint8_t hi) {
      uint16_t at = pc;
      branch(take);
      if (pc != static_cast<uint16_t>(at - 4) || !skipWaits) return;
      Skip s = timerWaitSkip(bus_, pc, cycles, (budget - done - 1) / 2, lo, hi);
      cycles += s.cycles;
      done += 2 * s.iterations;
      skipped += s.iterations;
    }
    EMU_CPU_INLINE void push(uint8_t v) { wr(static_cast<uint16_t>(0x100 + sp--), v); }

    // Read-modify-write: the unmodified value is written back first, as the NMOS chip does.
    template <class F>
    __attribute__((always_inline)) void rmw(uint8_t op, F modify) {
      uint16_t addr = writeAddress(op);
      uint8_t v = rd(addr);
      dummyWrite(addr, v);
      wr(addr, modify(v));
    }

    EMU_CPU_INLINE void step() {
      lastRead_ = true;
      uint8_t op = rd(pc++);
      switch (op) {
        // ---- loads, stores, transfers ----
        case 0xA9: a = readOperand(0xA9); nz(a); break;
        case 0xA5: a = readOperand(0xA5); nz(a); break;
        case 0xB5: a = readOperand(0xB5); nz(a); break;
        case 0xAD: a = readOperand(0xAD); nz(a); break;
        case 0xBD: a = readOperand(0xBD); nz(a); break;
        case 0xB9: a = readOperand(0xB9); nz(a); break;
        case 0xA1: a = readOperand(0xA1); nz(a); break;
        case 0xB1: a = readOperand(0xB1); nz(a); break;
        case 0xA2: x = readOperand(0xA2); nz(x); break;
        case 0xA6: x = readOperand(0xA6); nz(x); break;
        case 0xB6: x = readOperand(0xB6); nz(x); break;
        case 0xAE: x = readOperand(0xAE); nz(x); break;
        case 0xBE: x = readOperand(0xBE); nz(x); break;
        case 0xA0: y = readOperand(0xA0); nz(y); break;
        case 0xA4: y = readOperand(0xA4); nz(y); break;
        case 0xB4: y = readOperand(0xB4); nz(y); break;
        case 0xAC: y = readOperand(0xAC); nz(y); break;
        case 0xBC: y = readOperand(0xBC); nz(y); break;
        case 0xA7: case 0xB7: case 0xAF: case 0xBF: case 0xA3: case 0xB3:  // LAX
          a = x = readOperand(op); nz(a); break;
        case 0x85: wr(writeAddress(0x85), a); break;
        case 0x95: wr(writeAddress(0x95), a); break;
        case 0x8D: wr(writeAddress(0x8D), a); break;
        case 0x9D: wr(writeAddress(0x9D), a); break;
        case 0x99: wr(writeAddress(0x99), a); break;
        case 0x81: wr(writeAddress(0x81), a); break;
        case 0x91: wr(writeAddress(0x91), a); break;
        case 0x86: wr(writeAddress(0x86), x); break;
        case 0x96: wr(writeAddress(0x96), x); break;
        case 0x8E: wr(writeAddress(0x8E), x); break;
        case 0x84: wr(writeAddress(0x84), y); break;
        case 0x94: wr(writeAddress(0x94), y); break;
        case 0x8C: wr(writeAddress(0x8C), y); break;
        case 0x87: wr(writeAddress(0x87), a & x); break;  // SAX
        case 0x97: wr(writeAddress(0x97), a & x); break;  // SAX
        case 0x8F: wr(writeAddress(0x8F), a & x); break;  // SAX
        case 0x83: wr(writeAddress(0x83), a & x); break;  // SAX
        case 0xAA: dummyRead(pc); x = a; nz(x); break;
        case 0xA8: dummyRead(pc); y = a; nz(y); break;
        case 0x8A: dummyRead(pc); a = x; nz(a); break;
        case 0x98: dummyRead(pc); a = y; nz(a); break;
        case 0xBA: dummyRead(pc); x = sp; nz(x); break;
        case 0x9A: dummyRead(pc); sp = x; break;

        // ---- arithmetic and logic ----
        case 0x69: adc(readOperand(0x69)); break;
        case 0x65: adc(readOperand(0x65)); break;
        case 0x75: adc(readOperand(0x75)); break;
        case 0x6D: adc(readOperand(0x6D)); break;
        case 0x7D: adc(readOperand(0x7D)); break;
        case 0x79: adc(readOperand(0x79)); break;
        case 0x61: adc(readOperand(0x61)); break;
        case 0x71: adc(readOperand(0x71)); break;
        case 0xE9: sbc(readOperand(0xE9)); break;
        case 0xEB: sbc(readOperand(0xEB)); break;
        case 0xE5: sbc(readOperand(0xE5)); break;
        case 0xF5: sbc(readOperand(0xF5)); break;
        case 0xED: sbc(readOperand(0xED)); break;
        case 0xFD: sbc(readOperand(0xFD)); break;
        case 0xF9: sbc(readOperand(0xF9)); break;
        case 0xE1: sbc(readOperand(0xE1)); break;
        case 0xF1: sbc(readOperand(0xF1)); break;
        case 0x29: a &= readOperand(0x29); nz(a); break;
        case 0x25: a &= readOperand(0x25); nz(a); break;
        case 0x35: a &= readOperand(0x35); nz(a); break;
        case 0x2D: a &= readOperand(0x2D); nz(a); break;
        case 0x3D: a &= readOperand(0x3D); nz(a); break;
        case 0x39: a &= readOperand(0x39); nz(a); break;
        case 0x21: a &= readOperand(0x21); nz(a); break;
        case 0x31: a &= readOperand(0x31); nz(a); break;
        case 0x09: a |= readOperand(0x09); nz(a); break;
        case 0x05: a |= readOperand(0x05); nz(a); break;
        case 0x15: a |= readOperand(0x15); nz(a); break;
        case 0x0D: a |= readOperand(0x0D); nz(a); break;
        case 0x1D: a |= readOperand(0x1D); nz(a); break;
        case 0x19: a |= readOperand(0x19); nz(a); break;
        case 0x01: a |= readOperand(0x01); nz(a); break;
        case 0x11: a |= readOperand(0x11); nz(a); break;
        case 0x49: a ^= readOperand(0x49); nz(a); break;
        case 0x45: a ^= readOperand(0x45); nz(a); break;
        case 0x55: a ^= readOperand(0x55); nz(a); break;
        case 0x4D: a ^= readOperand(0x4D); nz(a); break;
        case 0x5D: a ^= readOperand(0x5D); nz(a); break;
        case 0x59: a ^= readOperand(0x59); nz(a); break;
        case 0x41: a ^= readOperand(0x41); nz(a); break;
        case 0x51: a ^= readOperand(0x51); nz(a); break;
        case 0xC9: compare(a, readOperand(0xC9)); break;
        case 0xC5: compare(a, readOperand(0xC5)); break;
        case 0xD5: compare(a, readOperand(0xD5)); break;
        case 0xCD: compare(a, readOperand(0xCD)); break;
        case 0xDD: compare(a, readOperand(0xDD)); break;
        case 0xD9: compare(a, readOperand(0xD9)); break;
        case 0xC1: compare(a, readOperand(0xC1)); break;
        case 0xD1: compare(a, readOperand(0xD1)); break;
        case 0xE0: compare(x, readOperand(0xE0)); break;
        case 0xE4: compare(x, readOperand(0xE4)); break;
        case 0xEC: compare(x, readOperand(0xEC)); break;
        case 0xC0: compare(y, readOperand(0xC0)); break;
        case 0xC4: compare(y, readOperand(0xC4)); break;
        case 0xCC: compare(y, readOperand(0xCC)); break;
        case 0x24: case 0x2C: {
          uint8_t m = readOperand(op);
          z_ = (a & m) == 0; n_ = m & 0x80; v_ = m & 0x40;
          break;
        }

        // ---- shifts, increments (memory and accumulator) ----
        case 0x06: rmw(0x06, [this](uint8_t v) { return asl(v); }); break;
        case 0x16: rmw(0x16, [this](uint8_t v) { return asl(v); }); break;
        case 0x0E: rmw(0x0E, [this](uint8_t v) { return asl(v); }); break;
        case 0x1E: rmw(0x1E, [this](uint8_t v) { return asl(v); }); break;
        case 0x46: rmw(0x46, [this](uint8_t v) { return lsr(v); }); break;
        case 0x56: rmw(0x56, [this](uint8_t v) { return lsr(v); }); break;
        case 0x4E: rmw(0x4E, [this](uint8_t v) { return lsr(v); }); break;
        case 0x5E: rmw(0x5E, [this](uint8_t v) { return lsr(v); }); break;
        case 0x26: rmw(0x26, [this](uint8_t v) { return rol(v); }); break;
        case 0x36: rmw(0x36, [this](uint8_t v) { return rol(v); }); break;
        case 0x2E: rmw(0x2E, [this](uint8_t v) { return rol(v); }); break;
        case 0x3E: rmw(0x3E, [this](uint8_t v) { return rol(v); }); break;
        case 0x66: rmw(0x66, [this](uint8_t v) { return ror(v); }); break;
        case 0x76: rmw(0x76, [this](uint8_t v) { return ror(v); }); break;
        case 0x6E: rmw(0x6E, [this](uint8_t v) { return ror(v); }); break;
        case 0x7E: rmw(0x7E, [this](uint8_t v) { return ror(v); }); break;
        case 0xE6: rmw(0xE6, [this](uint8_t v) { v = static_cast<uint8_t>(v + 1); nz(v); return v; }); break;
        case 0xF6: rmw(0xF6, [this](uint8_t v) { v = static_cast<uint8_t>(v + 1); nz(v); return v; }); break;
        case 0xEE: rmw(0xEE, [this](uint8_t v) { v = static_cast<uint8_t>(v + 1); nz(v); return v; }); break;
        case 0xFE: rmw(0xFE, [this](uint8_t v) { v = static_cast<uint8_t>(v + 1); nz(v); return v; }); break;
        case 0xC6: rmw(0xC6, [this](uint8_t v) { v = static_cast<uint8_t>(v - 1); nz(v); return v; }); break;
        case 0xD6: rmw(0xD6, [this](uint8_t v) { v = static_cast<uint8_t>(v - 1); nz(v); return v; }); break;
        case 0xCE: rmw(0xCE, [this](uint8_t v) { v = static_cast<uint8_t>(v - 1); nz(v); return v; }); break;
        case 0xDE: rmw(0xDE, [this](uint8_t v) { v = static_cast<uint8_t>(v - 1); nz(v); return v; }); break;
        case 0x0A: dummyRead(pc); a = asl(a); break;
        case 0x4A: dummyRead(pc); a = lsr(a); break;
        case 0x2A: dummyRead(pc); a = rol(a); break;
        case 0x6A: dummyRead(pc); a = ror(a); break;
        case 0xE8: dummyRead(pc); ++x; nz(x); break;
        case 0xC8: dummyRead(pc); ++y; nz(y); break;
        case 0xCA: dummyRead(pc); --x; nz(x); break;
        case 0x88: dummyRead(pc); --y; nz(y); break;

        // ---- undocumented read-modify-write combinations ----
        case 0x07: case 0x17: case 0x0F: case 0x1F: case 0x1B: case 0x03: case 0x13:  // SLO
          rmw(op, [this](uint8_t v) { c_ = v & 0x80; v = static_cast<uint8_t>(v << 1); a |= v; nz(a); return v; }); break;
        case 0x27: case 0x37: case 0x2F: case 0x3F: case 0x3B: case 0x23: case 0x33:  // RLA
          rmw(op, [this](uint8_t v) { uint8_t r = static_cast<uint8_t>((v << 1) | (c_ ? 1 : 0)); a &= r; c_ = v & 0x80; nz(a); return r; }); break;
        case 0x47: case 0x57: case 0x4F: case 0x5F: case 0x5B: case 0x43: case 0x53:  // SRE
          rmw(op, [this](uint8_t v) { c_ = v & 0x01; v = v >> 1; a ^= v; nz(a); return v; }); break;
        case 0x67: case 0x77: case 0x6F: case 0x7F: case 0x7B: case 0x63: case 0x73:  // RRA
          rmw(op, [this](uint8_t v) { bool c = c_; c_ = v & 0x01; v = static_cast<uint8_t>((v >> 1) | (c ? 0x80 : 0)); adc(v); return v; }); break;
        case 0xC7: case 0xD7: case 0xCF: case 0xDF: case 0xDB: case 0xC3: case 0xD3:  // DCP
          rmw(op, [this](uint8_t v) { v = static_cast<uint8_t>(v - 1); compare(a, v); return v; }); break;
        case 0xE7: case 0xF7: case 0xEF: case 0xFF: case 0xFB: case 0xE3: case 0xF3:  // ISB
          rmw(op, [this](uint8_t v) { v = static_cast<uint8_t>(v + 1); sbc(v); return v; }); break;

        // ---- undocumented immediate and store forms ----
        case 0x0B: case 0x2B: a &= rd(pc++); nz(a); c_ = n_; break;             // ANC
        case 0x4B: a &= rd(pc++); c_ = a & 1; a >>= 1; nz(a); break;            // ASR
        case 0x6B: {                                                            // ARR
          uint8_t m = rd(pc++);
          if (!d_) {
            a &= m;
            a = static_cast<uint8_t>((a >> 1) | (c_ ? 0x80 : 0));
            c_ = a & 0x40;
            v_ = ((a & 0x40) ^ ((a & 0x20) << 1)) != 0;
            nz(a);
          } else {
            uint8_t t = a & m;
            a = static_cast<uint8_t>((t >> 1) | (c_ ? 0x80 : 0));
            n_ = c_;
            z_ = a == 0;
            v_ = ((t ^ a) & 0x40) != 0;
            if ((t & 0x0F) + (t & 0x01) > 0x05) a = static_cast<uint8_t>((a & 0xF0) | ((a + 0x06) & 0x0F));
            if ((t & 0xF0) + (t & 0x10) > 0x50) { a = static_cast<uint8_t>(a + 0x60); c_ = true; }
            else c_ = false;
          }
          break;
        }
        case 0x8B: a = static_cast<uint8_t>((a | 0xEE) & x & rd(pc++)); nz(a); break;  // ANE
        case 0xAB: a = x = static_cast<uint8_t>((a | 0xEE) & rd(pc++)); nz(a); break;  // LXA
        case 0xCB: {                                                                  // SBX
          uint16_t r = static_cast<uint16_t>((x & a) - rd(pc++));
          x = static_cast<uint8_t>(r);
          nz(x);
          c_ = !(r & 0x100);
          break;
        }
        case 0xBB: a = x = sp = sp & readAbsIndexed(y); nz(a); break;              // LAS
        case 0x9B: {                                                                // SHS
          uint16_t addr = absIndexedForWrite(y);
          sp = a & x;
          wr(addr, static_cast<uint8_t>(a & x & ((addr >> 8) + 1)));
          break;
        }
        case 0x93: { uint16_t addr = indYForWrite(); wr(addr, static_cast<uint8_t>(a & x & ((addr >> 8) + 1))); break; }  // SHA
        case 0x9F: { uint16_t addr = absIndexedForWrite(y); wr(addr, static_cast<uint8_t>(a & x & ((addr >> 8) + 1))); break; }
        case 0x9C: { uint16_t addr = absIndexedForWrite(x); wr(addr, static_cast<uint8_t>(y & ((addr >> 8) + 1))); break; }  // SHY
        case 0x9E: { uint16_t addr = absIndexedForWrite(y); wr(addr, static_cast<uint8_t>(x & ((addr >> 8) + 1))); break; }  // SHX

        // ---- NOPs (the multi-byte ones still perform their reads) ----
        case 0xEA: case 0x1A: case 0x3A: case 0x5A: case 0x7A: case 0xDA: case 0xFA: dummyRead(pc); break;
        case 0x80: case 0x82: case 0x89: case 0xC2: case 0xE2: rd(pc++); break;
        case 0x04: case 0x44: case 0x64: case 0x0C: case 0x14: case 0x34: case 0x54: case 0x74: case 0xD4: case 0xF4:
        case 0x1C: readOperand(0x1C); break;
        case 0x3C: readOperand(0x3C); break;
        case 0x5C: readOperand(0x5C); break;
        case 0x7C: readOperand(0x7C); break;
        case 0xDC: readOperand(0xDC); break;
        case 0xFC: readOperand(0xFC); break;

        // ---- flags ----
        case 0x18: dummyRead(pc); c_ = false; break;
        case 0x38: dummyRead(pc); c_ = true; break;
        case 0x58: dummyRead(pc); i_ = false; break;
        case 0x78: dummyRead(pc); i_ = true; break;
        case 0xB8: dummyRead(pc); v_ = false; break;
        case 0xD8: dummyRead(pc); d_ = false; break;
        case 0xF8: dummyRead(pc); d_ = true; break;

        // ---- branches ----
        case 0x10: loopBranch(!n_, 0x00, 0x7F); break;
        case 0x30: loopBranch(n_, 0x80, 0xFF); break;
        case 0x50: branch(!v_); break;
        case 0x70: branch(v_); break;
        case 0x90: branch(!c_); break;
        case 0xB0: branch(c_); break;
        case 0xD0: loopBranch(!z_, 0x01, 0xFF); break;
        case 0xF0: loopBranch(z_, 0x00, 0x00); break;

        // ---- jumps, calls, stack ----
        case 0x4C: pc = abs(); break;
        case 0x6C: {
          uint16_t ptr = abs();
          // The high byte comes from the same page: JMP ($xxFF) wraps within it.
          uint16_t hiAddr = ((ptr ^ (ptr + 1)) & 0xFF00) ? (ptr & 0xFF00) : static_cast<uint16_t>(ptr + 1);
          uint16_t lo = rd(ptr);
          pc = static_cast<uint16_t>(lo | (rd(hiAddr) << 8));
          break;
        }
        case 0x20: {
          uint8_t lo = rd(pc++);
          rd(static_cast<uint16_t>(0x100 + sp));
          push(static_cast<uint8_t>(pc >> 8));
          push(static_cast<uint8_t>(pc));
          pc = static_cast<uint16_t>(lo | (rd(pc) << 8));
          break;
        }
        case 0x60:
          dummyRead(pc);
          rd(static_cast<uint16_t>(0x100 + sp++));
          pc = rd(static_cast<uint16_t>(0x100 + sp++));
          pc = static_cast<uint16_t>(pc | (rd(static_cast<uint16_t>(0x100 + sp)) << 8));
          rd(pc++);
          break;
        case 0x40:
          dummyRead(pc);
          rd(static_cast<uint16_t>(0x100 + sp++));
          unpackP(rd(static_cast<uint16_t>(0x100 + sp++)));
          pc = rd(static_cast<uint16_t>(0x100 + sp++));
          pc = static_cast<uint16_t>(pc | (rd(static_cast<uint16_t>(0x100 + sp)) << 8));
          break;
        case 0x00:
          rd(pc++);
          push(static_cast<uint8_t>(pc >> 8));
          push(static_cast<uint8_t>(pc));
          push(packP());
          i_ = true;
          pc = rd(0xFFFE);
          pc = static_cast<uint16_t>(pc | (rd(0xFFFF) << 8));
          break;
        case 0x48: dummyRead(pc); push(a); break;
        case 0x08: dummyRead(pc); push(packP()); break;
        case 0x68: dummyRead(pc); rd(static_cast<uint16_t>(0x100 + sp++)); a = rd(static_cast<uint16_t>(0x100 + sp)); nz(a); break;
        case 0x28: dummyRead(pc); rd(static_cast<uint16_t>(0x100 + sp++)); unpackP(rd(static_cast<uint16_t>(0x100 + sp))); break;

        default:  // 0x02, 0x12, ... 0xF2: the chip locks up
          halted_ = true;
          stopRequested_ = true;
          break;
      }
    }
  };

  Bus& bus_;
  bool n_ = false, v_ = false, d_ = false, i_ = false, z_ = false, c_ = false;
  bool halted_ = false, stopRequested_ = false;
  bool skipTimerWaits_ = true;
  uint64_t skippedWaitIterations_ = 0;
  // Set at each opcode fetch and cleared by writes: no instruction reads between two of its
  // writes, so this gives the same answer to the TIA as tracking every access.
  bool lastRead_ = true;
};

#undef EMU_CPU_INLINE

}  // namespace emu
