// Screen bytes (palette indices, as the TIA stores them) to RGB or grayscale pixels. These run on
// every screen an agent reads, so they avoid a lookup per pixel where a run of pixels is one colour.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ops {

// out: 3 bytes per pixel. pal selects the console's palette (odd bytes map like the even one below).
void screenToRgb(const uint8_t* screen, size_t pixels, bool pal, uint8_t* out);
// out: one byte per pixel, ALE's luminance.
void screenToGray(const uint8_t* screen, size_t pixels, bool pal, uint8_t* out);

// The same conversions for an agent that reads every frame: from one frame to the next most rows
// of an Atari screen do not change (89-97% in the benchmark games), so each row equal to the
// same row of the previous call's screen is copied from that call's result instead of converted.
class ScreenConverter {
 public:
  void toRgb(const uint8_t* screen, int rows, bool pal, uint8_t* out) { convert(rgb_, screen, rows, pal, out, 3); }
  void toGray(const uint8_t* screen, int rows, bool pal, uint8_t* out) { convert(gray_, screen, rows, pal, out, 1); }

 private:
  struct Last {
    std::vector<uint8_t> screen, result;  // empty until the first call
    bool pal = false;
  };
  static void convert(Last& last, const uint8_t* screen, int rows, bool pal, uint8_t* out, int bytesPerPixel);
  Last rgb_, gray_;
};

}  // namespace ops
