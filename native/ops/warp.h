// The DeepMind frame straight from raw screens (rows of 160 palette indices): the pixel-wise max
// of two frames, gray, and the area resize, byte-exact with the RGB -> OpenCV path it replaces.
#pragma once
#include <cstdint>

#include "ops/preprocess.h"

namespace ops {

enum class WarpConvention {
  kSb3,  // max of the two RGB screens, cv2 RGB2GRAY, INTER_AREA (baselines / SB3 WarpFrame)
  kGym,  // max of ALE's gray screens, INTER_AREA (Gymnasium AtariPreprocessing)
};

// `prev` may equal `screen` (a single frame). `gray` is scratch of resizer.srcW() * resizer.srcH()
// bytes; the resizer's source is 160 x screen height and its output is what lands in `out`.
void warpScreen(const uint8_t* screen, const uint8_t* prev, WarpConvention conv, bool pal,
                const AreaResizer& resizer, uint8_t* gray, uint8_t* out);

}  // namespace ops
