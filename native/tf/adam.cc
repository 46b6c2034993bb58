// One pass of Adam over a variable: tfjs's AdamOptimizer runs it as 14 elementwise ops, each a new
// full-size array. The arithmetic is the same sequence of float32 operations those ops perform, so
// the fused update is bit-identical to the unfused one (tests/onednn_backend.test.ts checks it).
#include "tf/onednn_common.h"

namespace onednn {
namespace {

constexpr int64_t kParallel = 1 << 15;

struct AdamConstants {
  float negLr, b1, b2, eps, oneMinusB1, oneMinusB2, oneMinusAcc1, oneMinusAcc2;
};

// Compiled for AVX-512 and AVX2 as well as the baseline, picked at load for the CPU it runs on.
__attribute__((target_clones("avx512f", "avx2", "default")))
void adamPass(int64_t n, const float *x, const float *m, const float *v, const float *g, float *ox, float *om, float *ov,
              AdamConstants c) {
#pragma omp parallel for simd if (n > kParallel) schedule(static)
  for (int64_t i = 0; i < n; ++i) {
    const float gi = g[i];
    const float nm = m[i] * c.b1 + gi * c.oneMinusB1;
    const float nv = v[i] * c.b2 + (gi * gi) * c.oneMinusB2;
    om[i] = nm;
    ov[i] = nv;
    const float step = (nm / c.oneMinusAcc1) / (std::sqrt(nv / c.oneMinusAcc2) + c.eps);
    ox[i] = step * c.negLr + x[i];
  }
}

// adam([lr, beta1, beta2, epsilon, 1 - beta1^t, 1 - beta2^t], value, m, v, g, outValue, outM, outV)
Napi::Value Adam(const Napi::CallbackInfo &info) {
  auto s = info[0].As<Napi::Array>();
  auto scalar = [&](uint32_t i) { return s.Get(i).As<Napi::Number>().DoubleValue(); };
  // Each constant as the float32 scalar tensor tfjs would make of it.
  const AdamConstants c{float(-scalar(0)), float(scalar(1)), float(scalar(2)), float(scalar(3)),
                        float(1 - scalar(1)), float(1 - scalar(2)), float(scalar(4)), float(scalar(5))};
  if (!info[1].IsTypedArray()) throw Napi::TypeError::New(info.Env(), "value must be a Float32Array");
  const size_t n = info[1].As<Napi::TypedArray>().ElementLength();
  const float *x = floats(info[1], n, "value");
  const float *m = floats(info[2], n, "first moment");
  const float *v = floats(info[3], n, "second moment");
  const float *g = floats(info[4], n, "gradient");
  float *ox = floats(info[5], n, "new value");
  float *om = floats(info[6], n, "new first moment");
  float *ov = floats(info[7], n, "new second moment");
  adamPass(int64_t(n), x, m, v, g, ox, om, ov, c);
  return info.Env().Undefined();
}

}  // namespace

void registerAdam(Napi::Env env, Napi::Object exports) { exports.Set("adam", Napi::Function::New(env, Adam)); }

}  // namespace onednn
