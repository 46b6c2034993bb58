// UA Ltd's 8K: two 4K banks, the first selected by touching 0x0220, the second by 0x0240.
// Those addresses lie in the TIA's mirrors (A12 and A7 low), so the cartridge takes over their
// two pages and passes every access there on to the TIA.
#include <vector>

#include "emu/cart_pages.h"
#include "emu/cart_schemes.h"

namespace emu::carts {

namespace {

class UaCart final : public Cartridge {
 public:
  explicit UaCart(const uint8_t* image) : rom_(image, image + 8192) {}
  const char* type() const override { return "UA"; }

  void install(System& sys) override {
    sys_ = &sys;
    tia_ = sys.pageAccess(0x0220 >> System::kPageShift).device;  // installed before the cartridge
    mapPages(sys, this, 0x0200, 0x0280, nullptr, nullptr);
    select(0);
  }
  void reset() override { select(0); }
  uint8_t peek(uint16_t addr) override {
    hotspot(addr);
    return tia_->peek(addr);
  }
  void poke(uint16_t addr, uint8_t value) override {
    if (addr & 0x1000) return;  // ROM
    hotspot(addr);
    tia_->poke(addr, value);
  }
  void save(StateWriter& out) const override {
    out.tag("Cart");
    out.i32(bank_);
  }
  void load(StateReader& in) override {
    in.expectTag("Cart");
    select(in.i32() & 1);
  }

 private:
  void hotspot(uint16_t addr) {
    uint16_t a = addr & 0x1FFF;
    if (a == 0x0220) select(0);
    else if (a == 0x0240) select(1);
  }
  void select(int bank) {
    bank_ = bank;
    mapPages(*sys_, this, 0x1000, 0x2000, &rom_[bank * 4096], nullptr);
  }

  std::vector<uint8_t> rom_;
  int bank_ = 0;
  System* sys_ = nullptr;
  Device* tia_ = nullptr;
};

}  // namespace

std::unique_ptr<Cartridge> createUa(const uint8_t* image, size_t size) {
  requireSize("UA", size, 8192);
  return std::make_unique<UaCart>(image);
}

}  // namespace emu::carts
