// M Network's E7 (16K): eight 2K slices and 2K of RAM.
//   0x1000-0x17FF  slice 0-6, or with "slice 7" the 1K RAM (writes at 0x1000-0x13FF, reads at 0x1400-0x17FF)
//   0x1800-0x19FF  one of four 256-byte RAM banks (writes at 0x1800-0x18FF, reads at 0x1900-0x19FF)
//   0x1A00-0x1FFF  the end of slice 7, fixed
// Touching 0x1FE0-0x1FE7 selects the slice, 0x1FE8-0x1FEB the 256-byte bank. The RAM is filled
// from the system generator at reset, the 1K first.
#include <stdexcept>
#include <vector>

#include "emu/cart_pages.h"
#include "emu/cart_schemes.h"

namespace emu::carts {

namespace {

class MNetworkCart final : public Cartridge {
 public:
  explicit MNetworkCart(const uint8_t* image) : rom_(image, image + 16384), ram_(2048) {}
  const char* type() const override { return "E7"; }

  void install(System& sys) override {
    sys_ = &sys;
    mapPages(sys, this, 0x1A00, 0x1FC0, &rom_[7 * 2048 + 0x200], nullptr);
    mapPages(sys, this, 0x1FC0, 0x2000, nullptr, nullptr);  // the hotspots
    selectRam(0);
    select(0);
  }
  void reset() override {
    for (uint8_t& b : ram_) b = static_cast<uint8_t>(sys_->rng().next());
    selectRam(0);
    select(0);
  }
  // Reads of a RAM write port (and of the hotspot page) show the ROM of the slice behind the
  // window, as the reference's do.
  uint8_t peek(uint16_t addr) override {
    uint16_t a = addr & 0x0FFF;
    hotspot(a);
    return rom_[(a < 0x0800 ? slice_ : 7) * 2048 + (a & 0x07FF)];
  }
  void poke(uint16_t addr, uint8_t) override { hotspot(addr & 0x0FFF); }
  void save(StateWriter& out) const override {
    out.tag("Cart");
    out.i32(slice_);
    out.i32(ramBank_);
    out.bytes(ram_.data(), ram_.size());
  }
  void load(StateReader& in) override {
    in.expectTag("Cart");
    int slice = in.i32(), ramBank = in.i32();
    in.bytes(ram_.data(), ram_.size());
    if (slice < 0 || slice > 7 || ramBank < 0 || ramBank > 3)
      throw std::runtime_error("state buffer holds an invalid cartridge bank");
    selectRam(ramBank);
    select(slice);
  }

 private:
  void hotspot(uint16_t a) {
    if (a >= 0x0FE0 && a <= 0x0FE7) select(a & 7);
    else if (a >= 0x0FE8 && a <= 0x0FEB) selectRam(a & 3);
  }
  void select(int slice) {
    slice_ = slice;
    if (slice != 7) mapPages(*sys_, this, 0x1000, 0x1800, &rom_[slice * 2048], nullptr);
    else mapRamPorts(*sys_, this, 0x1000, 0x1400, 0x400, &ram_[0]);
  }
  void selectRam(int bank) {
    ramBank_ = bank;
    mapRamPorts(*sys_, this, 0x1800, 0x1900, 0x100, &ram_[1024 + 256 * bank]);
  }

  std::vector<uint8_t> rom_;
  std::vector<uint8_t> ram_;  // the 1K, then the four 256-byte banks
  int slice_ = 0;
  int ramBank_ = 0;
  System* sys_ = nullptr;
};

}  // namespace

std::unique_ptr<Cartridge> createMNetwork(const uint8_t* image, size_t size) {
  requireSize("E7", size, 16384);
  return std::make_unique<MNetworkCart>(image);
}

}  // namespace emu::carts
