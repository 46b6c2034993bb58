#pragma once
#include <cstdint>

namespace emu {
// 0xRRGGBB for colour index v >> 1 (v is an even screen byte).
extern const uint32_t kNtscPalette[128];
extern const uint32_t kPalPalette[128];
// The table for a console's display format.
const uint32_t* colourPalette(bool pal);
}  // namespace emu

namespace emu {
// ALE's luminance for colour index v >> 1: round(0.2989 R + 0.5870 G + 0.1140 B).
const uint8_t* grayPalette(bool pal = false);
}  // namespace emu
