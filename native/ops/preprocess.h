// Pixel work of the Atari preprocessing pipelines, byte-exact with what OpenCV produces:
// RGB -> gray (cv2.cvtColor RGB2GRAY) and area-averaging resize (cv2.resize INTER_AREA).
#pragma once
#include <cstdint>
#include <vector>

namespace ops {

// OpenCV's fixed-point luma: (4899 R + 9617 G + 1868 B + 2^13) >> 14.
inline uint8_t grayCv(uint8_t r, uint8_t g, uint8_t b) {
  return static_cast<uint8_t>((r * 4899 + g * 9617 + b * 1868 + (1 << 13)) >> 14);
}

// Area resize of an 8-bit image with `channels` interleaved channels, for any scale factor.
// The weights and the float accumulation order follow OpenCV's general INTER_AREA path, so the
// rounding of every output byte is the same. Tables are built once per size pair.
class AreaResizer {
 public:
  AreaResizer(int srcW, int srcH, int dstW, int dstH, int channels);
  void run(const uint8_t* src, uint8_t* dst) const;
  int srcW() const { return srcW_; }
  int srcH() const { return srcH_; }
  int dstW() const { return dstW_; }
  int dstH() const { return dstH_; }

 private:
  struct Tap { int di; int si; float alpha; };
  static std::vector<Tap> taps(int srcSize, int dstSize, int channels, double scale);
  template <int C>
  void horizontal(const uint8_t* row, float* buf) const;
  int srcW_, srcH_, dstW_, dstH_, channels_;
  std::vector<Tap> xtab_, ytab_;
  mutable std::vector<float> buf_, sum_;
};

}  // namespace ops
