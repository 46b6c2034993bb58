#pragma once
#include <cstdint>

namespace emu {
// 0xRRGGBB for colour index v >> 1 (v is an even screen byte).
extern const uint32_t kNtscPalette[128];
}  // namespace emu
