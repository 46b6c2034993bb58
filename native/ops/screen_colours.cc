#include "ops/screen_colours.h"

#include <cstring>

#include "emu/palette.h"

namespace ops {

namespace {

constexpr uint64_t kOnes = 0x0101010101010101ull;

// Indexed by the raw screen byte: the colour as R, G, B, 0 in memory order, so one 4-byte store
// writes a pixel (the fourth byte is overwritten by the next pixel).
struct RgbWords {
  uint32_t v[256];
  explicit RgbWords(bool pal) {
    for (int i = 0; i < 256; ++i) {
      uint32_t c = emu::colourPalette(pal)[i >> 1];
      uint8_t bytes[4] = {static_cast<uint8_t>(c >> 16), static_cast<uint8_t>(c >> 8), static_cast<uint8_t>(c), 0};
      std::memcpy(&v[i], bytes, 4);
    }
  }
};

// Eight pixels of one colour, R G B repeated.
struct RgbRuns {
  uint8_t v[256][24];
  explicit RgbRuns(const RgbWords& words) {
    for (int i = 0; i < 256; ++i)
      for (int k = 0; k < 8; ++k) std::memcpy(&v[i][3 * k], &words.v[i], 3);
  }
};

struct GrayBytes {
  uint8_t v[256];
  explicit GrayBytes(bool pal) { for (int i = 0; i < 256; ++i) v[i] = emu::grayPalette(pal)[i >> 1]; }
};

const RgbWords& rgbWords(bool pal) {
  static const RgbWords ntsc(false), palWords(true);
  return pal ? palWords : ntsc;
}

const RgbRuns& rgbRuns(bool pal) {
  static const RgbRuns ntsc(rgbWords(false)), palRuns(rgbWords(true));
  return pal ? palRuns : ntsc;
}

const GrayBytes& grayBytes(bool pal) {
  static const GrayBytes ntsc(false), palBytes(true);
  return pal ? palBytes : ntsc;
}

}  // namespace

void screenToRgb(const uint8_t* screen, size_t pixels, bool pal, uint8_t* out) {
  if (pixels == 0) return;
  const uint32_t* rgb = rgbWords(pal).v;
  const RgbRuns& runs = rgbRuns(pal);
  size_t last = pixels - 1;  // written on its own: a 4-byte store would pass the end
  size_t i = 0;
  // Screens are mostly runs of one colour: 8 equal bytes become one 24-byte copy.
  for (; i + 8 <= last; i += 8) {
    uint64_t w;
    std::memcpy(&w, screen + i, 8);
    if (w == (w & 0xFF) * kOnes) {
      std::memcpy(out + 3 * i, runs.v[w & 0xFF], 24);
    } else {
      // Uniform halves (4-pixel playfield cells) take one 12-byte copy each.
      for (size_t h = 0; h < 8; h += 4) {
        uint32_t q = static_cast<uint32_t>(w >> (8 * h));
        if (q == (q & 0xFF) * 0x01010101u) {
          std::memcpy(out + 3 * (i + h), runs.v[q & 0xFF], 12);
        } else {
          for (size_t k = i + h; k < i + h + 4; ++k) std::memcpy(out + 3 * k, &rgb[screen[k]], 4);
        }
      }
    }
  }
  for (; i < last; ++i) std::memcpy(out + 3 * i, &rgb[screen[i]], 4);
  std::memcpy(out + 3 * last, &rgb[screen[last]], 3);
}

void screenToGray(const uint8_t* screen, size_t pixels, bool pal, uint8_t* out) {
  const uint8_t* gray = grayBytes(pal).v;
  size_t i = 0;
  for (; i + 8 <= pixels; i += 8) {
    uint64_t w;
    std::memcpy(&w, screen + i, 8);
    if (w == (w & 0xFF) * kOnes) {
      uint64_t g = gray[w & 0xFF] * kOnes;
      std::memcpy(out + i, &g, 8);
    } else {
      // The playfield is drawn in 4-pixel cells, so halves are often uniform when the word is not.
      for (int h = 0; h < 8; h += 4) {
        uint32_t q = static_cast<uint32_t>(w >> (8 * h));
        if (q == (q & 0xFF) * 0x01010101u) {
          uint32_t g = gray[q & 0xFF] * 0x01010101u;
          std::memcpy(out + i + h, &g, 4);
        } else {
          for (int k = h; k < h + 4; ++k) out[i + k] = gray[screen[i + k]];
        }
      }
    }
  }
  for (; i < pixels; ++i) out[i] = gray[screen[i]];
}

void ScreenConverter::convert(Last& last, const uint8_t* screen, int rows, bool pal, uint8_t* out, int bytesPerPixel) {
  constexpr size_t kRow = 160;
  const size_t rowOut = kRow * bytesPerPixel;
  const size_t pixels = kRow * static_cast<size_t>(rows);
  if (last.screen.size() != pixels || last.pal != pal) {
    // A first call, another screen height or palette: convert everything.
    if (bytesPerPixel == 3) screenToRgb(screen, pixels, pal, out);
    else screenToGray(screen, pixels, pal, out);
    last.screen.assign(screen, screen + pixels);
    last.result.assign(out, out + pixels * bytesPerPixel);
    last.pal = pal;
    return;
  }
  for (int r = 0; r < rows; ++r) {
    const uint8_t* row = screen + r * kRow;
    uint8_t* lastRow = last.screen.data() + r * kRow;
    uint8_t* lastResult = last.result.data() + r * rowOut;
    if (std::memcmp(row, lastRow, kRow) != 0) {
      if (bytesPerPixel == 3) screenToRgb(row, kRow, pal, lastResult);
      else screenToGray(row, kRow, pal, lastResult);
      std::memcpy(lastRow, row, kRow);
    }
    std::memcpy(out + r * rowOut, lastResult, rowOut);
  }
}

}  // namespace ops
