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
  if (channels != 1) return;
  // The fast route needs every output row and column to have taps, a column's (in xtab_ order)
  // being consecutive source pixels.
  std::vector<std::vector<const Tap*>> cols(dstW);
  for (const Tap& t : xtab_) cols[t.di].push_back(&t);
  fast_ = true;
  for (const auto& c : cols) {
    if (c.empty()) fast_ = false;
    for (size_t k = 1; k < c.size(); ++k) fast_ = fast_ && c[k]->si == c[0]->si + static_cast<int>(k);
    xTaps_ = std::max(xTaps_, static_cast<int>(c.size()));
  }
  yBegin_.assign(dstH + 1, static_cast<int>(ytab_.size()));
  for (int i = static_cast<int>(ytab_.size()) - 1; i >= 0; --i) yBegin_[ytab_[i].di] = i;
  for (int dy = 0; dy < dstH; ++dy) fast_ = fast_ && yBegin_[dy] < yBegin_[dy + 1];
  if (!fast_) return;
  xStart_.resize(dstW);
  xWeight_.assign(static_cast<size_t>(dstW) * xTaps_, 0.0f);
  for (int d = 0; d < dstW; ++d) {
    xStart_[d] = cols[d][0]->si;
    for (size_t k = 0; k < cols[d].size(); ++k) xWeight_[d * xTaps_ + k] = cols[d][k]->alpha;
  }
  rowF_.assign(srcW + xTaps_, 0.0f);
  hsum_.resize(static_cast<size_t>(srcH) * dstW);
  last_.resize(srcW);
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

void AreaResizer::runReference(const uint8_t* src, uint8_t* dst) {
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

// OpenCV's order per column: 0 + p0 (= p0), then + p1, + p2, ...; a zero weight past the column's
// own taps adds +0, which changes nothing. K > 0 fixes the tap count at compile time.
template <int K>
static void columnSums(const float* f, const int* start, const float* w, float* h, int n, int taps) {
  const int k = K > 0 ? K : taps;
  for (int d = 0; d < n; ++d, w += k) {
    const float* s = f + start[d];
    float acc = s[0] * w[0];
    for (int j = 1; j < k; ++j) acc += s[j] * w[j];
    h[d] = acc;
  }
}

// cvRound's round-half-to-even without a libm call, vectorizable: adding 1.5 * 2^23 leaves a float
// no fraction bits, so the addition itself rounds to nearest even (the default mode). Exact for
// |v| < 2^22; area sums of bytes stay within [0, 256). restrict: a byte store could alias the
// sums otherwise, which keeps the loop scalar.
static void roundRow(const float* __restrict sum, uint8_t* __restrict out, int n) {
  for (int i = 0; i < n; ++i) {
    const int v = static_cast<int>((sum[i] + 12582912.0f) - 12582912.0f);
    out[i] = static_cast<uint8_t>(v < 0 ? 0 : v > 255 ? 255 : v);
  }
}

void AreaResizer::run(const uint8_t* src, uint8_t* dst) {
  if (!fast_) return runReference(src, dst);
  for (int y = 0; y < srcH_; ++y) {
    const uint8_t* r = src + static_cast<size_t>(y) * srcW_;
    if (y > 0 && std::equal(r, r + srcW_, r - srcW_)) copyRow(y, y - 1);
    else row(y, r);
  }
  finish(dst);
}

void AreaResizer::copyRow(int y, int from) {
  std::copy_n(hsum_.data() + static_cast<size_t>(from) * dstW_, dstW_, hsum_.data() + static_cast<size_t>(y) * dstW_);
}

void AreaResizer::row(int y, const uint8_t* row) {
  // A row equal to the last one computed in this image (not only the one above) reuses its sums.
  if (lastRow_ >= 0 && lastRow_ < y && std::equal(row, row + srcW_, last_.data())) return copyRow(y, lastRow_);
  std::copy(row, row + srcW_, last_.data());
  lastRow_ = y;
  float* f = rowF_.data();
  for (int x = 0; x < srcW_; ++x) f[x] = row[x];
  float* h = hsum_.data() + static_cast<size_t>(y) * dstW_;
  switch (xTaps_) {
    case 1: columnSums<1>(f, xStart_.data(), xWeight_.data(), h, dstW_, 1); break;
    case 2: columnSums<2>(f, xStart_.data(), xWeight_.data(), h, dstW_, 2); break;
    case 3: columnSums<3>(f, xStart_.data(), xWeight_.data(), h, dstW_, 3); break;
    case 4: columnSums<4>(f, xStart_.data(), xWeight_.data(), h, dstW_, 4); break;
    default: columnSums<0>(f, xStart_.data(), xWeight_.data(), h, dstW_, xTaps_);
  }
}

void AreaResizer::finish(uint8_t* dst, const uint8_t* changed, const uint8_t* lastDst) {
  float* sum = sum_.data();
  const int width = dstW_;
  for (int dy = 0; dy < dstH_; ++dy) {
    const Tap* t = ytab_.data() + yBegin_[dy];
    const Tap* end = ytab_.data() + yBegin_[dy + 1];
    uint8_t* out = dst + static_cast<size_t>(dy) * width;
    if (changed) {
      bool same = true;
      for (const Tap* u = t; u < end; ++u) same = same && !changed[u->si];
      if (same) {
        std::copy_n(lastDst + static_cast<size_t>(dy) * width, width, out);
        continue;
      }
    }
    // OpenCV's order: the first tap sets the sums (0 + beta * h), the others add on.
    const float* h = hsum_.data() + static_cast<size_t>(t->si) * width;
    for (int i = 0; i < width; ++i) sum[i] = t->alpha * h[i];
    for (++t; t < end; ++t) {
      const float beta = t->alpha;
      h = hsum_.data() + static_cast<size_t>(t->si) * width;
      for (int i = 0; i < width; ++i) sum[i] += beta * h[i];
    }
    roundRow(sum, out, width);
  }
  lastRow_ = -1;  // the next image starts afresh
}

}  // namespace ops
