// What the cartridge scheme files share: mapping a range of the cartridge's address space onto ROM
// or RAM, and the size check.
#pragma once
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include "emu/cart.h"

namespace emu::carts {

constexpr uint32_t kPage = 1u << System::kPageShift;

// Maps the pages of [from, to) onto consecutive bytes: reads straight from `peekMem` and/or writes
// straight to `pokeMem` (either may be null); what is not direct goes to `dev`.
inline void mapPages(System& sys, Device* dev, uint32_t from, uint32_t to, const uint8_t* peekMem, uint8_t* pokeMem) {
  for (uint32_t addr = from; addr < to; addr += kPage) {
    PageAccess a;
    a.device = dev;
    a.directPeek = peekMem ? const_cast<uint8_t*>(peekMem) + (addr - from) : nullptr;
    a.directPoke = pokeMem ? pokeMem + (addr - from) : nullptr;
    sys.setPageAccess(static_cast<uint16_t>(addr >> System::kPageShift), a);
  }
}

// A RAM window with separate ports, as the carts wire it (the 6507 has no read/write line on the
// cartridge slot): writes land at one range, reads come from another.
inline void mapRamPorts(System& sys, Device* dev, uint32_t writeFrom, uint32_t readFrom, uint32_t size, uint8_t* ram) {
  mapPages(sys, dev, writeFrom, writeFrom + size, nullptr, ram);
  mapPages(sys, dev, readFrom, readFrom + size, ram, nullptr);
}

// Throws unless the image is `want` bytes, naming the scheme.
inline void requireSize(const std::string& type, size_t size, size_t want) {
  if (size != want)
    throw std::invalid_argument("a " + type + " cartridge image must be " + std::to_string(want) + " bytes, got " +
                                std::to_string(size));
}

}  // namespace emu::carts
