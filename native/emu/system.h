// The 6507's 8 KiB address bus. Devices (RIOT, TIA, cartridge) claim 64-byte pages;
// a page is either plain memory (direct pointers, no call) or routed to its device.
// The CPU advances `cycles` by one before each bus access, so a device sees the cycle
// of the access itself: that is what makes TIA writes land on the right pixel.
#pragma once
#include <cstdint>
#include <random>

#include "emu/state.h"

namespace emu {

class System;

class Device {
 public:
  virtual ~Device() = default;
  virtual void install(System& sys) = 0;  // claim pages
  virtual void reset() = 0;
  virtual uint8_t peek(uint16_t addr) = 0;
  virtual void poke(uint16_t addr, uint8_t value) = 0;
  // A bus cycle in which the CPU only fills time (see cpu6502.h). The hardware cannot tell these
  // from other accesses, so by default they act the same; a device whose state must follow the
  // reference emulator, whose CPU makes no such access, overrides these.
  virtual uint8_t dummyPeek(uint16_t addr) { return peek(addr); }
  virtual void dummyPoke(uint16_t addr, uint8_t value) { poke(addr, value); }
  // How many of the reads of `addr` at cycles first, first + period, ... (at most `max`) would each
  // return a value in [lo, hi] and change nothing. Lets the CPU skip the iterations of a loop that
  // only polls a timer; 0 (the default) when the device cannot tell.
  virtual uint32_t quietReads(uint16_t addr, uint32_t first, uint32_t period, uint32_t max, uint8_t lo, uint8_t hi) {
    return 0;
  }
  // Called when the system cycle counter is rewound to 0 (once per frame): shift stored cycle stamps.
  virtual void systemCyclesReset() {}
  virtual void save(StateWriter& out) const = 0;
  virtual void load(StateReader& in) = 0;
};

// The emulator's own generator (std::mt19937, as the reference uses): it fills RAM at power-on and
// cartridge RAM and the RIOT timer at reset. Seeded once per console, never on reset.
class Rng {
 public:
  explicit Rng(uint32_t seed) : mt_(seed) {}
  uint32_t next() { return mt_(); }
  double nextDouble() { return mt_() / 4294967296.0; }
  void seed(uint32_t s) { mt_.seed(s); }
  std::mt19937& engine() { return mt_; }
  const std::mt19937& engine() const { return mt_; }

 private:
  std::mt19937 mt_;
};

struct PageAccess {
  uint8_t* directPeek = nullptr;  // non-null: reads come straight from this memory
  uint8_t* directPoke = nullptr;  // non-null: writes go straight to this memory
  Device* device = nullptr;       // otherwise the device handles the access
};

class System {
 public:
  static constexpr uint16_t kAddressMask = 0x1FFF;
  static constexpr int kPageShift = 6;
  static constexpr uint16_t kPageMask = (1 << kPageShift) - 1;
  static constexpr int kNumPages = (kAddressMask + 1) >> kPageShift;
  // The CPU puts 16-bit addresses out; the upper three lines are not connected, so the 64 KiB
  // repeat the 8 KiB eight times. The hot tables hold every mirror, indexed by the 16-bit address.
  static constexpr int kMirroredPages = 0x10000 >> kPageShift;

  explicit System(uint32_t seed);

  Rng& rng() { return rng_; }
  uint32_t cycles() const { return cycles_; }
  void incrementCycles(uint32_t n) { cycles_ += n; }
  void resetCycles();  // devices rebase their stamps, then cycles := 0

  void setPageAccess(uint16_t page, const PageAccess& access) {
    pages_[page] = access;
    for (int mirror = page; mirror < kMirroredPages; mirror += kNumPages) {
      peekBase_[mirror] = biased(access.directPeek, static_cast<uint16_t>(mirror));
      pokeBase_[mirror] = biased(access.directPoke, static_cast<uint16_t>(mirror));
      pageDevice_[mirror] = access.device;
    }
  }
  const PageAccess& pageAccess(uint16_t page) const { return pages_[page]; }

  // Devices attached in power-on order; reset() resets them in that order.
  void attach(Device* d);
  void resetDevices();

  uint8_t dataBus() const { return dataBus_; }

  // For callers outside the CPU (the environment reading RAM, the reset vector).
  uint8_t peek(uint16_t addr) {
    uint32_t c = cycles_;
    return cpuRead<false>(addr, c);
  }
  void poke(uint16_t addr, uint8_t v) {
    uint32_t c = cycles_;
    cpuWrite<false>(addr, v, c);
  }

  // The CPU's accesses. The CPU keeps the cycle count in a register while it runs and passes it
  // here: a plain memory page never sees it, and a device call stores it first and reloads it
  // after (a device may read the clock, and WSYNC advances it). Filler cycles (the CPU's dummy
  // reads and write-backs) reach a device through dummyPeek/dummyPoke; RAM and ROM pages take
  // both kinds alike.
  void setCycles(uint32_t c) { cycles_ = c; }
  // The byte at addr when its page is plain memory (a read there has no effect), else -1.
  int plainByte(uint16_t addr) const {
    uintptr_t base = peekBase_[addr >> kPageShift];
    return base ? *reinterpret_cast<const uint8_t*>(base + addr) : -1;
  }
  // See Device::quietReads; plain memory never changes under a polling loop, so it gives 0.
  uint32_t quietReads(uint16_t addr, uint32_t first, uint32_t period, uint32_t max, uint8_t lo, uint8_t hi) {
    if (peekBase_[addr >> kPageShift]) return 0;
    return pageDevice_[addr >> kPageShift]->quietReads(addr, first, period, max, lo, hi);
  }
  __attribute__((always_inline)) inline uint8_t peek(uint16_t addr, uint32_t& cyc) { return cpuRead<false>(addr, cyc); }
  __attribute__((always_inline)) inline void poke(uint16_t addr, uint8_t v, uint32_t& cyc) { cpuWrite<false>(addr, v, cyc); }
  __attribute__((always_inline)) inline void dummyPeek(uint16_t addr, uint32_t& cyc) { cpuRead<true>(addr, cyc); }
  __attribute__((always_inline)) inline void dummyPoke(uint16_t addr, uint8_t v, uint32_t& cyc) { cpuWrite<true>(addr, v, cyc); }

  // The generator is left out when withRng is false (it is not used while frames run).
  void save(StateWriter& out, bool withRng = true) const;
  void load(StateReader& in, bool withRng = true);

 private:
  template <bool kFiller>
  __attribute__((always_inline)) inline uint8_t cpuRead(uint16_t addr, uint32_t& cyc) {
    uintptr_t base = peekBase_[addr >> kPageShift];
    uint8_t v;
    if (base) {
      v = *reinterpret_cast<const uint8_t*>(base + addr);
    } else {
      cycles_ = cyc;
      Device* d = pageDevice_[addr >> kPageShift];
      v = kFiller ? d->dummyPeek(addr) : d->peek(addr);
      cyc = cycles_;
    }
    dataBus_ = v;
    return v;
  }
  template <bool kFiller>
  __attribute__((always_inline)) inline void cpuWrite(uint16_t addr, uint8_t v, uint32_t& cyc) {
    uintptr_t base = pokeBase_[addr >> kPageShift];
    if (base) {
      *reinterpret_cast<uint8_t*>(base + addr) = v;
    } else {
      cycles_ = cyc;
      if (kFiller) pageDevice_[addr >> kPageShift]->dummyPoke(addr, v);
      else pageDevice_[addr >> kPageShift]->poke(addr, v);
      cyc = cycles_;
    }
    dataBus_ = v;
  }

  Rng rng_;
  uint32_t cycles_ = 0;
  uint8_t dataBus_ = 0;
  Device* devices_[8] = {};
  int numDevices_ = 0;
  PageAccess pages_[kNumPages];
  // The hot copy of pages_, one 8-byte entry per mirrored page and access kind. A direct page's
  // pointer is stored minus the mirror's first address, so the CPU's address indexes it with no
  // masking at all; 0 means the device handles the access.
  static uintptr_t biased(const uint8_t* mem, uint16_t mirroredPage) {
    return mem ? reinterpret_cast<uintptr_t>(mem) - (uintptr_t{mirroredPage} << kPageShift) : 0;
  }
  uintptr_t peekBase_[kMirroredPages] = {};
  uintptr_t pokeBase_[kMirroredPages] = {};
  Device* pageDevice_[kMirroredPages] = {};
};

}  // namespace emu
