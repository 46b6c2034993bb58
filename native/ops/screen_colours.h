// Screen bytes (palette indices, as the TIA stores them) to RGB or grayscale pixels. These run on
// every screen an agent reads, so they avoid a lookup per pixel where a run of pixels is one colour.
#pragma once
#include <cstddef>
#include <cstdint>

namespace ops {

// out: 3 bytes per pixel. pal selects the console's palette (odd bytes map like the even one below).
void screenToRgb(const uint8_t* screen, size_t pixels, bool pal, uint8_t* out);
// out: one byte per pixel, ALE's luminance.
void screenToGray(const uint8_t* screen, size_t pixels, bool pal, uint8_t* out);

}  // namespace ops
