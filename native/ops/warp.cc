#include "ops/warp.h"

#include <algorithm>
#include <cstring>

#include "emu/palette.h"

namespace ops {

namespace {

constexpr int kWidth = 160;

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

bool sameRow(const uint8_t* a, const uint8_t* b) { return std::memcmp(a, b, kWidth) == 0; }

}  // namespace

ScreenWarper::ScreenWarper(int height, int size, WarpConvention conv, bool pal)
    : height_(height),
      size_(size),
      conv_(conv),
      pairs_(&pairGray(pal).v[0][0]),
      single_(emu::grayPalette(pal)),
      resizer_(kWidth, height, size, size, 1),
      lastScreen_(static_cast<size_t>(height) * kWidth),
      lastPrev_(lastScreen_.size()),
      lastOut_(static_cast<size_t>(size) * size),
      changed_(height),
      gray_(lastScreen_.size()) {}

void ScreenWarper::grayRow(const uint8_t* __restrict s, const uint8_t* __restrict p, uint8_t* __restrict g) const {
  if (conv_ == WarpConvention::kSb3) {
    const uint8_t* __restrict pairs = pairs_;
    for (int x = 0; x < kWidth; ++x) g[x] = pairs[(s[x] >> 1) << 7 | p[x] >> 1];
  } else {
    const uint8_t* __restrict one = single_;
    for (int x = 0; x < kWidth; ++x) g[x] = std::max(one[s[x] >> 1], one[p[x] >> 1]);
  }
}

void ScreenWarper::warp(const uint8_t* s, const uint8_t* p, uint8_t* out) {
  if (!resizer_.rowwise()) {
    for (int y = 0; y < height_; ++y) grayRow(s + y * kWidth, p + y * kWidth, gray_.data() + y * kWidth);
    resizer_.run(gray_.data(), out);
    return;
  }
  for (int y = 0; y < height_; ++y) {
    const int o = y * kWidth;
    if (primed_ && sameRow(s + o, lastScreen_.data() + o) && sameRow(p + o, lastPrev_.data() + o)) {
      changed_[y] = 0;  // its sums from the previous call still stand
      continue;
    }
    changed_[y] = 1;
    std::memcpy(lastScreen_.data() + o, s + o, kWidth);
    std::memcpy(lastPrev_.data() + o, p + o, kWidth);
    if (y > 0 && sameRow(s + o, s + o - kWidth) && sameRow(p + o, p + o - kWidth)) {
      resizer_.copyRow(y, y - 1);
      continue;
    }
    uint8_t* g = gray_.data() + o;
    grayRow(s + o, p + o, g);
    resizer_.row(y, g);
  }
  resizer_.finish(out, primed_ ? changed_.data() : nullptr, lastOut_.data());
  std::memcpy(lastOut_.data(), out, lastOut_.size());
  primed_ = true;
}

}  // namespace ops
