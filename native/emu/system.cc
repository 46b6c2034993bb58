#include "emu/system.h"

#include <sstream>

namespace emu {

namespace {
// Unclaimed pages read as 0 and ignore writes; on a 2600 every page is claimed once a
// cartridge is installed, so this only matters for a bare bus in tests.
class NullDevice final : public Device {
 public:
  void install(System&) override {}
  void reset() override {}
  uint8_t peek(uint16_t) override { return 0; }
  void poke(uint16_t, uint8_t) override {}
  void save(StateWriter&) const override {}
  void load(StateReader&) override {}
};
NullDevice gNullDevice;
}  // namespace

System::System(uint32_t seed) : rng_(seed) {
  PageAccess a;
  a.device = &gNullDevice;
  for (uint16_t page = 0; page < kNumPages; ++page) setPageAccess(page, a);
}

void System::resetCycles() {
  for (int i = 0; i < numDevices_; ++i) devices_[i]->systemCyclesReset();
  cycles_ = 0;
}

void System::attach(Device* d) {
  devices_[numDevices_++] = d;
  d->install(*this);
}

void System::resetDevices() {
  resetCycles();
  for (int i = 0; i < numDevices_; ++i) devices_[i]->reset();
}

void System::save(StateWriter& out, bool withRng) const {
  out.tag("System");
  out.u32(cycles_);
  out.u8(dataBus_);
  if (!withRng) return;
  std::ostringstream ss;
  ss << rng_.engine();
  out.str(ss.str());
}

void System::load(StateReader& in, bool withRng) {
  in.expectTag("System");
  cycles_ = in.u32();
  dataBus_ = in.u8();
  if (!withRng) return;
  std::istringstream ss(in.str());
  ss >> rng_.engine();
}

}  // namespace emu
