// A complete 2600: bus, CPU, RIOT, TIA and cartridge, wired and powered on the way the
// reference does it (same construction order, so the same random draws), plus one call
// that emulates a frame.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "emu/cpu6502.h"
#include "emu/inputs.h"
#include "emu/riot.h"
#include "emu/system.h"
#include "emu/tia.h"

namespace emu {

class Cartridge;

struct ConsoleConfig {
  std::string cartType;           // "" = detect from the image
  PortConfig ports;
  bool leftDifficultyA = false;   // switch positions at power-on
  bool rightDifficultyA = false;
  bool colorTv = true;
  std::string displayFormat = "AUTO-DETECT";  // or "NTSC" / "PAL"
  int yStart = 34;
  int height = 210;
  bool hmoveBlanks = true;
  uint32_t seed = 4753849;        // the emulator's own generator
  bool skipTimerWaits = true;     // off only to check that skipping changes nothing
};

class Console {
 public:
  // Throws std::invalid_argument for an image no cartridge scheme accepts.
  Console(const uint8_t* rom, size_t size, const ConsoleConfig& cfg);
  ~Console();
  Console(const Console&) = delete;
  Console& operator=(const Console&) = delete;

  Inputs& inputs() { return inputs_; }
  System& system() { return sys_; }
  Tia& tia() { return *tia_; }
  const std::string& cartType() const { return cartType_; }
  bool isPal() const { return pal_; }
  bool cpuHalted() const { return cpu_.halted(); }
  Cpu6502<System>& cpu() { return cpu_; }

  void reset();  // every device, then the CPU, as a power-on reset does
  void frame();  // run until the TIA completes a frame (or the CPU's budget for it runs out)

  const uint8_t* screen() const { return tia_->screen(); }
  int screenHeight() const { return tia_->screenHeight(); }

  // withPixels = false leaves out the frame buffers and the generator: a snapshot small enough to
  // take every frame, for re-emulating a frame to draw it.
  void save(StateWriter& out, bool withPixels = true) const;
  void load(StateReader& in, bool withPixels = true);

 private:
  class Signals final : public CpuSignals {
   public:
    explicit Signals(Cpu6502<System>& cpu) : cpu_(cpu) {}
    void stop() override { cpu_.stop(); }
    bool lastAccessWasRead() const override { return cpu_.lastAccessWasRead(); }
   private:
    Cpu6502<System>& cpu_;
  };

  Inputs inputs_;
  System sys_;
  Cpu6502<System> cpu_;
  Signals signals_;
  std::unique_ptr<Cartridge> cart_;
  std::unique_ptr<Riot> riot_;
  std::unique_ptr<Tia> tia_;
  std::string cartType_;
  bool pal_ = false;
};

}  // namespace emu
