// Tigervision's 3F: 2K slices. The image's last 2K is fixed at 0x1800-0x1FFF; a write to one of
// the TIA's first 64 addresses (0x00-0x3F, which the cartridge watches too) selects the slice
// shown at 0x1000-0x17FF, the value taken modulo the number of slices. The TIA still gets the
// write, and reads there are the TIA's.
// 3E is 3F with 32K of RAM: a write to 0x3E selects one of 32 1K RAM banks for the lower window
// (reads at 0x1000-0x13FF, writes at 0x1400-0x17FF) and only 0x3F selects a ROM slice.
#include <stdexcept>
#include <vector>

#include "emu/cart_pages.h"
#include "emu/cart_schemes.h"

namespace emu::carts {

namespace {

class TigervisionCart final : public Cartridge {
 public:
  TigervisionCart(const uint8_t* image, size_t size, bool ram)
      : rom_(image, image + size), ram_(ram ? 32 * 1024 : 0), slices_(static_cast<int>(size / 2048)) {}
  const char* type() const override { return ram_.empty() ? "3F" : "3E"; }

  void install(System& sys) override {
    sys_ = &sys;
    tia_ = sys.pageAccess(0).device;  // installed before the cartridge
    mapPages(sys, this, 0x0000, 0x0040, nullptr, nullptr);
    mapPages(sys, this, 0x1800, 0x2000, &rom_[rom_.size() - 2048], nullptr);
    select(0);
  }
  void reset() override {
    for (uint8_t& b : ram_) b = static_cast<uint8_t>(sys_->rng().next());
    select(0);
  }
  uint8_t peek(uint16_t addr) override {
    if (!(addr & 0x1000)) return tia_->peek(addr);
    uint16_t a = addr & 0x0FFF;
    if (a >= 0x0800) return rom_[rom_.size() - 2048 + (a & 0x07FF)];
    // Only a read of the RAM's write port gets here (and reads the RAM, as the reference's does).
    return bank_ < kRamBase ? rom_[bank_ * 2048 + a] : ram_[(bank_ - kRamBase) * 1024 + (a & 0x03FF)];
  }
  void poke(uint16_t addr, uint8_t value) override {
    if (addr & 0x1000) return;  // ROM
    uint16_t reg = addr & 0x3F;
    if (ram_.empty()) select(value);
    else if (reg == 0x3F) select(value);
    else if (reg == 0x3E) select(kRamBase + value);
    tia_->poke(addr, value);
  }
  void save(StateWriter& out) const override {
    out.tag("Cart");
    out.i32(bank_);
    out.bytes(ram_.data(), ram_.size());
  }
  void load(StateReader& in) override {
    in.expectTag("Cart");
    int b = in.i32();
    in.bytes(ram_.data(), ram_.size());
    bool valid = (b >= 0 && b < slices_) || (!ram_.empty() && b >= kRamBase && b < kRamBase + 32);
    if (!valid) throw std::runtime_error("state buffer holds an invalid cartridge bank");
    select(b);
  }

 private:
  // Banks from kRamBase on are the 3E's RAM banks.
  static constexpr int kRamBase = 256;
  void select(int b) {
    if (b < kRamBase) {
      bank_ = b % slices_;
      mapPages(*sys_, this, 0x1000, 0x1800, &rom_[bank_ * 2048], nullptr);
    } else {
      bank_ = kRamBase + (b - kRamBase) % 32;
      mapRamPorts(*sys_, this, 0x1400, 0x1000, 0x400, &ram_[(bank_ - kRamBase) * 1024]);
    }
  }

  std::vector<uint8_t> rom_;
  std::vector<uint8_t> ram_;
  int slices_;
  int bank_ = 0;
  System* sys_ = nullptr;
  Device* tia_ = nullptr;
};

}  // namespace

std::unique_ptr<Cartridge> createTigervision(const uint8_t* image, size_t size, bool ram) {
  const char* type = ram ? "3E" : "3F";
  if (size < 2048 || size % 2048 != 0)
    throw std::invalid_argument(std::string("a ") + type + " cartridge image must be a whole number of 2K slices, got " +
                                std::to_string(size) + " bytes");
  if (size > 256 * 2048)
    throw std::invalid_argument(std::string("a ") + type + " cartridge image must be at most 256 slices of 2K");
  return std::make_unique<TigervisionCart>(image, size, ram);
}

}  // namespace emu::carts
