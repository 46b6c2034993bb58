// The generator of src/env/rng.ts (sfc32 seeded through splitmix32), bit for bit, so that native
// pipelines draw the same noop counts and frame skips as the TypeScript wrappers.
#pragma once
#include <cmath>
#include <cstdint>

namespace env {

class Rng {
 public:
  explicit Rng(uint32_t seed = 0) { reseed(seed); }

  void reseed(uint32_t seed) {
    uint32_t s = seed;
    auto mix = [&s]() {
      s += 0x9e3779b9u;
      uint32_t z = s;
      z = (z ^ (z >> 16)) * 0x85ebca6bu;
      z = (z ^ (z >> 13)) * 0xc2b2ae35u;
      return z ^ (z >> 16);
    };
    a_ = mix();
    b_ = mix();
    c_ = mix();
    d_ = mix() | 1u;
    for (int i = 0; i < 12; ++i) nextU32();
  }

  uint32_t nextU32() {
    const uint32_t t = a_ + b_ + d_;
    d_ += 1;
    a_ = b_ ^ (b_ >> 9);
    b_ = c_ + (c_ << 3);
    c_ = (c_ << 21) | (c_ >> 11);
    c_ += t;
    return t;
  }

  // Uniform in [0, 1), as Rng.random().
  double random() { return nextU32() / 4294967296.0; }

  // Integer in [low, high), as Rng.integers(); the caller guarantees high > low.
  int integers(int low, int high) { return low + static_cast<int>(std::floor(random() * (high - low))); }

 private:
  uint32_t a_ = 0, b_ = 0, c_ = 0, d_ = 1;
};

}  // namespace env
