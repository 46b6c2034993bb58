#include "ops/warp.h"

#include <algorithm>

#include "emu/palette.h"

namespace ops {

namespace {

// OpenCV gray of the channel-wise max of two palette colours, for every pair of colours.
struct PairGray {
  uint8_t v[128][128];
  explicit PairGray(const uint32_t* palette) {
    for (int i = 0; i < 128; ++i)
      for (int j = 0; j < 128; ++j) {
        uint32_t c1 = palette[i], c2 = palette[j];
        v[i][j] = grayCv(static_cast<uint8_t>(std::max(c1 >> 16 & 0xFF, c2 >> 16 & 0xFF)),
                         static_cast<uint8_t>(std::max(c1 >> 8 & 0xFF, c2 >> 8 & 0xFF)),
                         static_cast<uint8_t>(std::max(c1 & 0xFF, c2 & 0xFF)));
      }
  }
};

const PairGray& pairGray(bool pal) {
  static const PairGray ntsc(emu::kNtscPalette), palTable(emu::kPalPalette);
  return pal ? palTable : ntsc;
}

}  // namespace

void warpScreen(const uint8_t* s, const uint8_t* p, WarpConvention conv, bool pal, const AreaResizer& resizer,
                uint8_t* gray, uint8_t* out) {
  const size_t pixels = static_cast<size_t>(resizer.srcW()) * resizer.srcH();
  if (conv == WarpConvention::kSb3) {
    const PairGray& pairs = pairGray(pal);
    for (size_t i = 0; i < pixels; ++i) gray[i] = pairs.v[s[i] >> 1][p[i] >> 1];
  } else {
    const uint8_t* g = emu::grayPalette(pal);
    for (size_t i = 0; i < pixels; ++i) gray[i] = std::max(g[s[i] >> 1], g[p[i] >> 1]);
  }
  resizer.run(gray, out);
}

}  // namespace ops
