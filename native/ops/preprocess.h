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
// rounding of every output byte is the same. Tables are built once per size pair; an instance
// keeps scratch buffers, so one thread at a time may use it.
//
// Single-channel images take a faster route with the same float operations per output element:
// each output column's taps are consecutive source pixels, summed in OpenCV's order from a
// per-column table, and a source row equal to the one above reuses its horizontal sums.
class AreaResizer {
 public:
  AreaResizer(int srcW, int srcH, int dstW, int dstH, int channels);
  void run(const uint8_t* src, uint8_t* dst);
  // The general path alone (the reference the faster one is checked against).
  void runReference(const uint8_t* src, uint8_t* dst);
  int srcW() const { return srcW_; }
  int srcH() const { return srcH_; }
  int dstW() const { return dstW_; }
  int dstH() const { return dstH_; }

  // Row by row (single channel only, when rowwise()): for every source row y, either row(y, bytes),
  // or copyRow(y, from) when row y equals an earlier row `from` of this image, or nothing when it
  // equals row y of the previous image (its sums are kept); then finish(). finish() copies an output
  // row from lastDst instead of recomputing it when no source row it reads is marked in `changed`.
  bool rowwise() const { return fast_; }
  void row(int y, const uint8_t* row);
  void copyRow(int y, int from);
  void finish(uint8_t* dst, const uint8_t* changed = nullptr, const uint8_t* lastDst = nullptr);

 private:
  struct Tap { int di; int si; float alpha; };
  static std::vector<Tap> taps(int srcSize, int dstSize, int channels, double scale);
  template <int C>
  void horizontal(const uint8_t* row, float* buf) const;
  int srcW_, srcH_, dstW_, dstH_, channels_;
  std::vector<Tap> xtab_, ytab_;
  std::vector<float> buf_, sum_;
  // Fast single-channel route: output column d sums source pixels xStart_[d] + k, k < xTaps_, with
  // weights xWeight_[d * xTaps_ + k] (0 past the column's own taps); output row dy sums the ytab_
  // entries [yBegin_[dy], yBegin_[dy + 1]).
  bool fast_ = false;
  int xTaps_ = 0;
  std::vector<int> xStart_, yBegin_;
  std::vector<float> xWeight_;
  std::vector<float> rowF_;   // the source row as floats, padded with xTaps_ zeros
  std::vector<float> hsum_;   // horizontal sums, srcH_ rows of dstW_
  std::vector<uint8_t> last_; // the last source row whose sums row() computed
  int lastRow_ = -1;          // ... and its index in the current image
};

}  // namespace ops
