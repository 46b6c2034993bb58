// Atari's own cartridges: 2K and 4K images mapped as they are, and the F8/F6/F4/FA schemes that
// switch 4K banks (with or without RAM on the cartridge). ROM is mapped straight onto the bus (no
// call per read) except for the page holding the hotspots, which goes through the cartridge so
// that touching a hotspot switches banks.
#include <stdexcept>
#include <vector>

#include "emu/cart_pages.h"
#include "emu/cart_schemes.h"

namespace emu::carts {

namespace {

// 2K and 4K: one fixed image (2K is mirrored).
class FixedCart final : public Cartridge {
 public:
  FixedCart(const uint8_t* image, size_t size) : rom_(image, image + size) {}
  const char* type() const override { return rom_.size() == 2048 ? "2K" : "4K"; }
  void install(System& sys) override {
    for (uint32_t base = 0x1000; base < 0x2000; base += static_cast<uint32_t>(rom_.size()))
      mapPages(sys, this, base, base + static_cast<uint32_t>(rom_.size()), rom_.data(), nullptr);
  }
  void reset() override {}
  uint8_t peek(uint16_t addr) override { return rom_[addr & (rom_.size() - 1)]; }
  void poke(uint16_t, uint8_t) override {}
  void save(StateWriter& out) const override { out.tag("Cart"); }
  void load(StateReader& in) override { in.expectTag("Cart"); }

 private:
  std::vector<uint8_t> rom_;
};

// Atari's schemes: 4K banks selected by touching one of the last addresses of the bank
// (F8: 2 banks, F6: 4, F4: 8, FA: 3), optionally with RAM at the bottom of the window
// (write port first, read port after it), filled from the system generator at reset.
class AtariBankedCart final : public Cartridge {
 public:
  AtariBankedCart(const char* type, const uint8_t* image, size_t size, uint16_t firstHotspot, size_t ramSize, int resetBank)
      : type_(type), rom_(image, image + size), ram_(ramSize), firstHotspot_(firstHotspot),
        banks_(static_cast<int>(size / 4096)), resetBank_(resetBank) {}
  const char* type() const override { return type_; }

  void install(System& sys) override {
    sys_ = &sys;
    mapPages(sys, this, 0x1FC0, 0x2000, nullptr, nullptr);  // the hotspots
    if (!ram_.empty()) mapRamPorts(sys, this, 0x1000, 0x1000 + ramSize(), ramSize(), ram_.data());
    current_ = -1;  // the page table holds no bank yet
    bank(resetBank_);
  }
  void reset() override {
    for (uint8_t& b : ram_) b = static_cast<uint8_t>(sys_->rng().next());
    bank(resetBank_);
  }
  uint8_t peek(uint16_t addr) override {
    addr &= 0x0FFF;
    hotspot(addr);
    return rom_[current_ * 4096 + addr];
  }
  void poke(uint16_t addr, uint8_t) override { hotspot(addr & 0x0FFF); }
  void save(StateWriter& out) const override {
    out.tag("Cart");
    out.i32(current_);
    out.bytes(ram_.data(), ram_.size());
  }
  void load(StateReader& in) override {
    in.expectTag("Cart");
    int b = in.i32();
    in.bytes(ram_.data(), ram_.size());
    if (b < 0 || b >= banks_) throw std::runtime_error("state buffer holds an invalid cartridge bank");
    bank(b);
  }

 private:
  void hotspot(uint16_t addr) {
    if (addr >= firstHotspot_ && addr < firstHotspot_ + banks_) bank(addr - firstHotspot_);
  }
  void bank(int b) {
    // Games often select the bank they are already in; the page table then stays as it is.
    if (b == current_) return;
    current_ = b;
    mapPages(*sys_, this, 0x1000 + 2 * ramSize(), 0x1FC0, &rom_[b * 4096 + 2 * ramSize()], nullptr);
  }
  uint32_t ramSize() const { return static_cast<uint32_t>(ram_.size()); }

  const char* type_;
  std::vector<uint8_t> rom_;
  std::vector<uint8_t> ram_;
  uint16_t firstHotspot_;
  int banks_;
  int resetBank_;
  int current_ = 0;
  System* sys_ = nullptr;
};

struct BankedScheme {
  const char* name;
  const char* shown;  // the type the cartridge reports
  size_t size;
  uint16_t firstHotspot;
  size_t ramSize;
  int resetBank;
};

// "F8 swapped" is F8 starting in its first bank instead of its second.
const BankedScheme kBankedSchemes[] = {
    {"F8", "F8", 8192, 0xFF8, 0, 1},
    {"F8 swapped", "F8", 8192, 0xFF8, 0, 0},
    {"F8SC", "F8SC", 8192, 0xFF8, 128, 1},
    {"F6", "F6", 16384, 0xFF6, 0, 0},
    {"F6SC", "F6SC", 16384, 0xFF6, 128, 0},
    {"F4", "F4", 32768, 0xFF4, 0, 0},
    {"F4SC", "F4SC", 32768, 0xFF4, 128, 0},
    {"FASC", "FASC", 12288, 0xFF8, 256, 2},
};

}  // namespace

std::unique_ptr<Cartridge> createAtari(const std::string& type, const uint8_t* image, size_t size) {
  if (type == "2K") {
    // A 4K image whose halves are equal is a mirrored 2K game.
    if (size < 2048) requireSize(type, size, 2048);
    return std::make_unique<FixedCart>(image, 2048);
  }
  if (type == "4K") {
    if (size < 4096) requireSize(type, size, 4096);
    return std::make_unique<FixedCart>(image, 4096);
  }
  for (const BankedScheme& b : kBankedSchemes) {
    if (type != b.name) continue;
    requireSize(type, size, b.size);
    return std::make_unique<AtariBankedCart>(b.shown, image, size, b.firstHotspot, b.ramSize, b.resetBank);
  }
  return nullptr;
}

}  // namespace emu::carts
