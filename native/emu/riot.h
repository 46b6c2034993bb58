// The 6532 RIOT: 128 bytes of RAM, the two I/O ports (joysticks, console switches) and the
// interval timer. The timer is modelled lazily from the cycle at which it was written,
// with the same read-back arithmetic as the reference, including its behaviour after
// underflow, so that games polling INTIM see exactly the same values.
#pragma once
#include <cstdint>

#include "emu/inputs.h"
#include "emu/system.h"

namespace emu {

class Riot final : public Device {
 public:
  // Power-on: RAM is filled from the system generator (then reset() draws the timer).
  // Switch positions at power-on come from the cartridge's properties (difficulty B unless told).
  Riot(System& sys, const Inputs& inputs, const PortConfig& ports, bool leftDifficultyA,
       bool rightDifficultyA, bool colorTv);

  void install(System& sys) override;
  void reset() override;
  uint8_t peek(uint16_t addr) override;
  void poke(uint16_t addr, uint8_t value) override;
  void systemCyclesReset() override;
  uint32_t quietReads(uint16_t addr, uint32_t first, uint32_t period, uint32_t max, uint8_t lo, uint8_t hi) override;
  void save(StateWriter& out) const override;
  void load(StateReader& in) override;

  uint8_t* ram() { return ram_; }

 private:
  uint8_t readPortA() const;
  uint8_t readSwitches();
  void setTimer(uint8_t value, uint32_t shift);

  System& sys_;
  const Inputs& in_;
  PortConfig ports_;

  uint8_t ram_[128];
  uint32_t timer_ = 0;           // value written (or drawn at reset)
  uint32_t shift_ = 6;           // log2 of the prescaler: 1, 8, 64 or 1024 cycles per tick
  uint32_t setAt_ = 0;           // system cycle of the write
  uint32_t underflowReadAt_ = 0; // cycle of the first read after the timer ran out
  bool readAfterUnderflow_ = false;
  uint8_t ddra_ = 0, ddrb_ = 0;
  uint8_t switches_ = 0xFF;      // latched switch byte: colour and difficulty bits persist
};

}  // namespace emu
