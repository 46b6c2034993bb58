#include "ops/preprocess.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ops {

std::vector<AreaResizer::Tap> AreaResizer::taps(int srcSize, int dstSize, int channels, double scale) {
  // Each output cell covers [d * scale, (d + 1) * scale) of the input: whole input pixels weigh
  // 1/cell, the partly covered ones at either end by the covered fraction.
  std::vector<Tap> t;
  for (int d = 0; d < dstSize; ++d) {
    double f1 = d * scale, f2 = f1 + scale;
    double cell = std::min(scale, srcSize - f1);
    int s1 = static_cast<int>(std::ceil(f1)), s2 = static_cast<int>(std::floor(f2));
    s2 = std::min(s2, srcSize - 1);
    s1 = std::min(s1, s2);
    if (s1 - f1 > 1e-3) t.push_back({d * channels, (s1 - 1) * channels, static_cast<float>((s1 - f1) / cell)});
    for (int s = s1; s < s2; ++s) t.push_back({d * channels, s * channels, static_cast<float>(1.0 / cell)});
    if (f2 - s2 > 1e-3) t.push_back({d * channels, s2 * channels, static_cast<float>(std::min(std::min(f2 - s2, 1.0), cell) / cell)});
  }
  return t;
}

AreaResizer::AreaResizer(int srcW, int srcH, int dstW, int dstH, int channels)
    : srcW_(srcW), srcH_(srcH), dstW_(dstW), dstH_(dstH), channels_(channels) {
  if (srcW <= 0 || srcH <= 0 || dstW <= 0 || dstH <= 0 || channels < 1 || channels > 4)
    throw std::invalid_argument("AreaResizer: bad sizes");
  xtab_ = taps(srcW, dstW, channels, static_cast<double>(srcW) / dstW);
  ytab_ = taps(srcH, dstH, 1, static_cast<double>(srcH) / dstH);
  buf_.resize(static_cast<size_t>(dstW) * channels);
  sum_.resize(buf_.size());
}

static inline uint8_t saturateRound(float v) {
  int i = static_cast<int>(std::nearbyint(v));  // round half to even, as cvRound
  return static_cast<uint8_t>(i < 0 ? 0 : i > 255 ? 255 : i);
}

template <int C>
void AreaResizer::horizontal(const uint8_t* row, float* buf) const {
  const int width = dstW_ * (C > 0 ? C : channels_);
  std::fill(buf, buf + width, 0.0f);
  const int ch = C > 0 ? C : channels_;
  for (const Tap& x : xtab_)
    for (int c = 0; c < ch; ++c) buf[x.di + c] += row[x.si + c] * x.alpha;
}

void AreaResizer::run(const uint8_t* src, uint8_t* dst) const {
  const int width = dstW_ * channels_;
  float* buf = buf_.data();
  float* sum = sum_.data();
  std::fill(sum, sum + width, 0.0f);
  int prevDy = ytab_.front().di;
  int bufRow = -1;  // a source row straddling two output rows is resampled once
  for (const Tap& y : ytab_) {
    const float beta = y.alpha;
    if (y.si != bufRow) {
      const uint8_t* row = src + static_cast<size_t>(y.si) * srcW_ * channels_;
      if (channels_ == 1) horizontal<1>(row, buf);
      else if (channels_ == 3) horizontal<3>(row, buf);
      else horizontal<0>(row, buf);
      bufRow = y.si;
    }
    if (y.di != prevDy) {
      uint8_t* out = dst + static_cast<size_t>(prevDy) * width;
      for (int i = 0; i < width; ++i) {
        out[i] = saturateRound(sum[i]);
        sum[i] = beta * buf[i];
      }
      prevDy = y.di;
    } else {
      for (int i = 0; i < width; ++i) sum[i] += beta * buf[i];
    }
  }
  uint8_t* out = dst + static_cast<size_t>(prevDy) * width;
  for (int i = 0; i < width; ++i) out[i] = saturateRound(sum[i]);
}

}  // namespace ops
