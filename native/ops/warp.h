// The DeepMind frame straight from raw screens (rows of 160 palette indices): the pixel-wise max
// of two frames, gray, and the area resize, byte-exact with the RGB -> OpenCV path it replaces.
#pragma once
#include <cstdint>
#include <vector>

#include "ops/preprocess.h"

namespace ops {

enum class WarpConvention {
  kSb3,  // max of the two RGB screens, cv2 RGB2GRAY, INTER_AREA (baselines / SB3 WarpFrame)
  kGym,  // max of ALE's gray screens, INTER_AREA (Gymnasium AtariPreprocessing)
};

// Consecutive frames of a game share most rows, and a screen repeats rows a lot: a row pair
// (screen, prev) equal to the row above, or to the same row in the previous call, has the same
// gray and horizontal sums, and an output row whose source rows all equal the previous call's is
// the previous output row. Reuse is decided by comparing bytes, so the result is always what the
// full computation gives. One instance per stream of frames (and per thread).
class ScreenWarper {
 public:
  ScreenWarper(int height, int size, WarpConvention conv, bool pal);
  // screen, prev: height x 160 palette indices; prev may be screen itself (a single frame).
  // Writes size x size bytes.
  void warp(const uint8_t* screen, const uint8_t* prev, uint8_t* out);
  int height() const { return height_; }
  int size() const { return size_; }

 private:
  void grayRow(const uint8_t* s, const uint8_t* p, uint8_t* g) const;
  int height_, size_;
  WarpConvention conv_;
  const uint8_t* pairs_;   // [128][128] gray of the max of two colours (kSb3)
  const uint8_t* single_;  // gray of one colour (kGym)
  AreaResizer resizer_;
  bool primed_ = false;
  std::vector<uint8_t> lastScreen_, lastPrev_, lastOut_, changed_, gray_;
};

}  // namespace ops
