// Commavid's CV: 2K of ROM at 0x1800-0x1FFF and 1K of RAM (reads at 0x1000-0x13FF, writes at
// 0x1400-0x17FF). A 4K image holds the RAM's contents at reset in its first 1K and the ROM in its
// second 2K; with a 2K image the RAM is filled from the system generator at reset.
#include <algorithm>
#include <vector>

#include "emu/cart_pages.h"
#include "emu/cart_schemes.h"

namespace emu::carts {

namespace {

class CommavidCart final : public Cartridge {
 public:
  CommavidCart(const uint8_t* image, size_t size)
      : rom_(image + size - 2048, image + size), initialRam_(size == 4096 ? image : nullptr, size == 4096 ? image + 1024 : nullptr),
        ram_(1024) {}
  const char* type() const override { return "CV"; }

  void install(System& sys) override {
    sys_ = &sys;
    mapPages(sys, this, 0x1800, 0x2000, &rom_[0], nullptr);
    mapRamPorts(sys, this, 0x1400, 0x1000, 0x400, &ram_[0]);
  }
  void reset() override {
    if (!initialRam_.empty()) std::copy(initialRam_.begin(), initialRam_.end(), ram_.begin());
    else for (uint8_t& b : ram_) b = static_cast<uint8_t>(sys_->rng().next());
  }
  // Only a read of the RAM's write port gets here; it shows the ROM, as the reference's does.
  uint8_t peek(uint16_t addr) override { return rom_[addr & 0x07FF]; }
  void poke(uint16_t, uint8_t) override {}
  void save(StateWriter& out) const override {
    out.tag("Cart");
    out.bytes(ram_.data(), ram_.size());
  }
  void load(StateReader& in) override {
    in.expectTag("Cart");
    in.bytes(ram_.data(), ram_.size());
  }

 private:
  std::vector<uint8_t> rom_;
  std::vector<uint8_t> initialRam_;
  std::vector<uint8_t> ram_;
  System* sys_ = nullptr;
};

}  // namespace

std::unique_ptr<Cartridge> createCommavid(const uint8_t* image, size_t size) {
  if (size != 2048) requireSize("CV", size, 4096);
  return std::make_unique<CommavidCart>(image, size);
}

}  // namespace emu::carts
