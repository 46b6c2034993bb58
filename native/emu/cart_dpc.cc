// Activision's DPC chip (Pitfall II): 8K of program in two F8-style banks plus 2K of graphics
// read through eight data fetchers, a random number generator, and three fetchers that can
// run as music oscillators clocked at about 15.75 kHz from the system clock.
#include <stdexcept>
#include <vector>

#include "emu/cart_pages.h"
#include "emu/cart_schemes.h"

namespace emu {

namespace {

class DpcCart final : public Cartridge {
 public:
  DpcCart(const uint8_t* image, size_t size) : program_(image, image + 8192), graphics_(image + 8192, image + 8192 + 2048) {
    (void)size;
  }
  const char* type() const override { return "DPC"; }

  void install(System& sys) override {
    sys_ = &sys;
    PageAccess dev;
    dev.device = this;
    sys.setPageAccess(0x1FC0 >> System::kPageShift, dev);
    for (uint32_t addr = 0x1000; addr < 0x1080; addr += 1u << System::kPageShift)
      sys.setPageAccess(static_cast<uint16_t>(addr >> System::kPageShift), dev);  // the chip's registers
    bank(1);
  }
  void reset() override {
    lastCycles_ = sys_->cycles();
    fractionalClocks_ = 0.0;
    bank(1);
  }
  void systemCyclesReset() override { lastCycles_ -= sys_->cycles(); }

  uint8_t peek(uint16_t addr) override {
    addr &= 0x0FFF;
    clockRandom();
    if (addr >= 0x0040) {
      if (addr == 0x0FF8) bank(0);
      else if (addr == 0x0FF9) bank(1);
      return program_[bank_ * 4096 + addr];
    }
    int i = addr & 7, function = (addr >> 3) & 7;
    if ((counter_[i] & 0xFF) == top_[i]) flag_[i] = 0xFF;
    else if ((counter_[i] & 0xFF) == bottom_[i]) flag_[i] = 0x00;
    if (function == 0 && i >= 4) updateMusic();
    uint8_t result = registerValue(i, function);
    if (i < 5 || !music_[i - 5]) counter_[i] = (counter_[i] - 1) & 0x07FF;
    return result;
  }

  // The CPU cycles that only fill time (see cpu6502.h) are not accesses the reference emulator's
  // CPU makes, so they neither clock the random number generator nor move a data fetcher, switch
  // banks or write a register; a read still puts the byte the chip would drive on the bus.
  uint8_t dummyPeek(uint16_t addr) override {
    addr &= 0x0FFF;
    if (addr >= 0x0040) return program_[bank_ * 4096 + addr];
    return registerValue(addr & 7, (addr >> 3) & 7);
  }
  void dummyPoke(uint16_t, uint8_t) override {}

  void poke(uint16_t addr, uint8_t value) override {
    addr &= 0x0FFF;
    clockRandom();
    if (addr >= 0x0040 && addr < 0x0080) {
      int i = addr & 7, function = (addr >> 3) & 7;
      switch (function) {
        case 0: top_[i] = value; flag_[i] = 0x00; break;
        case 1: bottom_[i] = value; break;
        case 2:
          counter_[i] = static_cast<uint16_t>((counter_[i] & 0x0700) | ((i >= 5 && music_[i - 5]) ? top_[i] : value));
          break;
        case 3:
          counter_[i] = static_cast<uint16_t>(((value & 0x07) << 8) | (counter_[i] & 0x00FF));
          if (i >= 5) music_[i - 5] = value & 0x10;
          break;
        case 6: random_ = 1; break;
        default: break;
      }
    } else if (addr == 0x0FF8) {
      bank(0);
    } else if (addr == 0x0FF9) {
      bank(1);
    }
  }

  void save(StateWriter& out) const override {
    out.tag("Cart");
    out.i32(bank_);
    out.bytes(top_, sizeof top_); out.bytes(bottom_, sizeof bottom_);
    out.bytes(counter_, sizeof counter_); out.bytes(flag_, sizeof flag_);
    for (bool m : music_) out.boolean(m);
    out.u8(random_); out.u32(lastCycles_); out.f64(fractionalClocks_);
  }
  void load(StateReader& in) override {
    in.expectTag("Cart");
    int b = in.i32();
    in.bytes(top_, sizeof top_); in.bytes(bottom_, sizeof bottom_);
    in.bytes(counter_, sizeof counter_); in.bytes(flag_, sizeof flag_);
    for (bool& m : music_) m = in.boolean();
    random_ = in.u8(); lastCycles_ = in.u32(); fractionalClocks_ = in.f64();
    bank(b & 1);
  }

 private:
  void bank(int b) {
    bank_ = b;
    for (uint32_t addr = 0x1080; addr < 0x1FC0; addr += 1u << System::kPageShift) {
      PageAccess a;
      a.device = this;
      a.directPeek = &program_[b * 4096 + (addr & 0x0FFF)];
      sys_->setPageAccess(static_cast<uint16_t>(addr >> System::kPageShift), a);
    }
  }
  // What fetcher i answers for `function`, from its present state.
  uint8_t registerValue(int i, int function) const {
    switch (function) {
      case 0: {
        if (i < 4) return random_;
        static const uint8_t kAmplitude[8] = {0x00, 0x04, 0x05, 0x09, 0x06, 0x0A, 0x0B, 0x0F};
        int voices = 0;
        for (int v = 0; v < 3; ++v)
          if (music_[v] && flag_[5 + v]) voices |= 1 << v;
        return kAmplitude[voices];
      }
      case 1: return graphics_[2047 - counter_[i]];
      case 2: return graphics_[2047 - counter_[i]] & flag_[i];
      case 7: return flag_[i];
      default: return 0;
    }
  }
  // An 8-bit linear feedback shift register stepped on every access to the cartridge.
  void clockRandom() {
    static const uint8_t kFeedback[16] = {1, 0, 0, 1, 0, 1, 1, 0, 0, 1, 1, 0, 1, 0, 0, 1};
    uint8_t bit = kFeedback[((random_ >> 3) & 0x07) | ((random_ & 0x80) ? 0x08 : 0x00)];
    random_ = static_cast<uint8_t>((random_ << 1) | bit);
  }
  void updateMusic() {
    int cycles = static_cast<int>(sys_->cycles() - lastCycles_);
    lastCycles_ = sys_->cycles();
    double clocks = (15750.0 * cycles) / 1193191.66666667 + fractionalClocks_;
    int whole = static_cast<int>(clocks);
    fractionalClocks_ = clocks - whole;
    if (whole <= 0) return;
    for (int i = 5; i <= 7; ++i) {
      if (!music_[i - 5]) continue;
      int low = counter_[i] & 0xFF;
      if (top_[i] != 0) {
        low -= whole % (top_[i] + 1);
        if (low < 0) low += top_[i] + 1;
      } else {
        low = 0;
      }
      if (low <= bottom_[i]) flag_[i] = 0x00;
      else if (low <= top_[i]) flag_[i] = 0xFF;
      counter_[i] = static_cast<uint16_t>((counter_[i] & 0x0700) | low);
    }
  }

  std::vector<uint8_t> program_, graphics_;
  uint8_t top_[8] = {}, bottom_[8] = {}, flag_[8] = {};
  uint16_t counter_[8] = {};
  bool music_[3] = {};
  uint8_t random_ = 1;
  uint32_t lastCycles_ = 0;
  double fractionalClocks_ = 0.0;
  int bank_ = 1;
  System* sys_ = nullptr;
};

}  // namespace

std::unique_ptr<Cartridge> carts::createDpc(const uint8_t* image, size_t size) {
  if (size < 8192 + 2048) throw std::invalid_argument("a DPC cartridge image must hold 8K of program and 2K of graphics");
  return std::make_unique<DpcCart>(image, size);
}

}  // namespace emu
