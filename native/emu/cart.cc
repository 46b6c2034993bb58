// Bank-switching schemes (2K/4K, Atari's F8/F6/F4/FA with or without RAM, E0, FE; the others
// have a file each) and the factory. ROM is mapped straight onto the bus (no call per read) except
// for the page holding a scheme's hotspots, which goes through the cartridge so that touching a
// hotspot switches banks.
#include "emu/cart.h"

#include <stdexcept>
#include <vector>

#include "emu/cart_pages.h"

namespace emu {

namespace {

using carts::mapPages;
using carts::mapRamPorts;
using carts::requireSize;

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

// Parker Brothers' E0: four 1K slices; the last is fixed to bank 7, the others are chosen by
// touching 0x1FE0-0x1FE7 / 0x1FE8-0x1FEF / 0x1FF0-0x1FF7.
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

// Activision's FE (8K): no hotspots. The bank follows address line A13 of each access, which the
// 6507 does not have but the CPU's 16-bit program counter still carries: code running at
// 0xDxxx reads the second 4K, code at 0xFxxx the first.
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

void carts::requireSize(const std::string& type, size_t size, size_t want) {
  if (size != want)
    throw std::invalid_argument("a " + type + " cartridge image must be " + std::to_string(want) + " bytes, got " +
                                std::to_string(size));
}

std::unique_ptr<Cartridge> createCartridge(const uint8_t* image, size_t size, const std::string& requested) {
  if (size == 0) throw std::invalid_argument("the ROM image is empty");
  if (size > 512 * 1024) throw std::invalid_argument("the ROM image is larger than any Atari 2600 cartridge");
  std::string type = requested.empty() ? detectCartType(image, size) : requested;
  if (type == "2K") {
    // A 4K image whose halves are equal is a mirrored 2K game.
    if (size < 2048) requireSize(type, size, 2048);
    return std::make_unique<FixedCart>(image, 2048);
  }
  if (type == "4K") {
    if (size < 4096) requireSize(type, size, 4096);
    return std::make_unique<FixedCart>(image, 4096);
  }
  if (type == "F8" || type == "F8 swapped") { requireSize(type, size, 8192); return std::make_unique<AtariBankedCart>("F8", image, size, 0xFF8, 0, type == "F8" ? 1 : 0); }
  if (type == "F8SC") { requireSize(type, size, 8192); return std::make_unique<AtariBankedCart>("F8SC", image, size, 0xFF8, 128, 1); }
  if (type == "F6") { requireSize(type, size, 16384); return std::make_unique<AtariBankedCart>("F6", image, size, 0xFF6, 0, 0); }
  if (type == "F6SC") { requireSize(type, size, 16384); return std::make_unique<AtariBankedCart>("F6SC", image, size, 0xFF6, 128, 0); }
  if (type == "F4") { requireSize(type, size, 32768); return std::make_unique<AtariBankedCart>("F4", image, size, 0xFF4, 0, 0); }
  if (type == "F4SC") { requireSize(type, size, 32768); return std::make_unique<AtariBankedCart>("F4SC", image, size, 0xFF4, 128, 0); }
  if (type == "FASC") { requireSize(type, size, 12288); return std::make_unique<AtariBankedCart>("FASC", image, size, 0xFF8, 256, 2); }
  if (type == "DPC") return carts::createDpc(image, size);
  if (type == "FE") { requireSize(type, size, 8192); return std::make_unique<FECart>(image, size); }
  if (type == "E0") { requireSize(type, size, 8192); return std::make_unique<E0Cart>(image, size); }
  if (type == "3F" || type == "3E") return carts::createTigervision(image, size, type == "3E");
  if (type == "E7") return carts::createMNetwork(image, size);
  if (type == "UA") return carts::createUa(image, size);
  if (type == "CV") return carts::createCommavid(image, size);
  if (type.rfind("Unrecognized", 0) == 0) throw std::invalid_argument(type + ": not an Atari 2600 cartridge image");
  throw std::invalid_argument("cartridge scheme " + type + " is not supported yet");
}

}  // namespace emu
