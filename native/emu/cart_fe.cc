// Activision's FE (8K): no hotspots. The bank follows address line A13 of each access, which the
// 6507 does not have but the CPU's 16-bit program counter still carries: code running at
// 0xDxxx reads the second 4K, code at 0xFxxx the first.
#include <vector>

#include "emu/cart_pages.h"
#include "emu/cart_schemes.h"

namespace emu::carts {

namespace {

class FECart final : public Cartridge {
 public:
  FECart(const uint8_t* image, size_t size) : rom_(image, image + size) {}
  const char* type() const override { return "FE"; }
  void install(System& sys) override {
    mapPages(sys, this, 0x1000, 0x2000, nullptr, nullptr);
  }
  void reset() override {}
  uint8_t peek(uint16_t addr) override { return rom_[(addr & 0x0FFF) + ((addr & 0x2000) ? 0 : 4096)]; }
  void poke(uint16_t, uint8_t) override {}
  void save(StateWriter& out) const override { out.tag("Cart"); }
  void load(StateReader& in) override { in.expectTag("Cart"); }

 private:
  std::vector<uint8_t> rom_;
};

}  // namespace

std::unique_ptr<Cartridge> createFE(const uint8_t* image, size_t size) {
  requireSize("FE", size, 8192);
  return std::make_unique<FECart>(image, size);
}

}  // namespace emu::carts
