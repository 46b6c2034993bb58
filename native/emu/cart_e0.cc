// Parker Brothers' E0: four 1K slices; the last is fixed to bank 7, the others are chosen by
// touching 0x1FE0-0x1FE7 / 0x1FE8-0x1FEF / 0x1FF0-0x1FF7.
#include <vector>

#include "emu/cart_pages.h"
#include "emu/cart_schemes.h"

namespace emu::carts {

namespace {

class E0Cart final : public Cartridge {
 public:
  E0Cart(const uint8_t* image, size_t size) : rom_(image, image + size) {}
  const char* type() const override { return "E0"; }
  void install(System& sys) override {
    sys_ = &sys;
    mapPages(sys, this, 0x1C00, 0x1FC0, &rom_[7 * 1024], nullptr);
    mapPages(sys, this, 0x1FC0, 0x2000, nullptr, nullptr);  // the hotspots
    slice_[3] = 7;
    reset();
  }
  void reset() override {
    select(0, 4);
    select(1, 5);
    select(2, 6);
  }
  uint8_t peek(uint16_t addr) override {
    addr &= 0x0FFF;
    hotspot(addr);
    return rom_[(slice_[addr >> 10] << 10) + (addr & 0x3FF)];
  }
  void poke(uint16_t addr, uint8_t) override { hotspot(addr & 0x0FFF); }
  void save(StateWriter& out) const override {
    out.tag("Cart");
    for (int s : slice_) out.i32(s);
  }
  void load(StateReader& in) override {
    in.expectTag("Cart");
    int s[4];
    for (int& v : s) v = in.i32() & 7;
    for (int i = 0; i < 3; ++i) select(i, s[i]);
  }

 private:
  void hotspot(uint16_t addr) {
    if (addr >= 0x0FE0 && addr <= 0x0FF7) select((addr - 0x0FE0) >> 3, addr & 7);
  }
  void select(int segment, int slice) {
    slice_[segment] = slice;
    uint32_t base = 0x1000 + 0x400 * static_cast<uint32_t>(segment);
    mapPages(*sys_, this, base, base + 0x400, &rom_[slice << 10], nullptr);
  }

  std::vector<uint8_t> rom_;
  int slice_[4] = {4, 5, 6, 7};
  System* sys_ = nullptr;
};

}  // namespace

std::unique_ptr<Cartridge> createE0(const uint8_t* image, size_t size) {
  requireSize("E0", size, 8192);
  return std::make_unique<E0Cart>(image, size);
}

}  // namespace emu::carts
