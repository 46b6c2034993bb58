// Elementwise kernels, reductions and transposes for the onednn backend: the cpu backend runs these
// as generic JS loops with per-element index arithmetic, which made them most of a train step.
// float32 only, the same arithmetic as the cpu backend where it is exact (+ - * / sqrt of float32
// values are correctly rounded either way); transcendental functions may differ in the last bit.
// Large arrays are split over the OpenMP threads.
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <type_traits>

#include "tf/onednn_common.h"

namespace onednn {
namespace {

constexpr int64_t kParallel = 1 << 15;  // below this, starting the threads costs more than it saves

// Codes shared with src/tf/onednn/elementwise.ts.
enum Binary { kAdd, kSub, kMul, kDiv, kMax, kMin, kSquaredDiff, kPow,
              kGreater, kGreaterEqual, kLess, kLessEqual, kEqual, kNotEqual, kNumBinary };
// Comparisons write tfjs's bool: one byte, 0 or 1.
template <int Op>
using BinaryOut = std::conditional_t<(Op >= kGreater), uint8_t, float>;
enum Unary { kSqrt, kSquare, kRelu, kStep, kNeg, kAbs, kExp, kLog, kSigmoid, kTanh, kRsqrt, kReciprocal,
             kLeakyRelu, kElu, kRelu6, kLog1p, kSoftplus, kNumUnary };

template <int Op>
inline BinaryOut<Op> binaryOp(float a, float b) {
  if constexpr (Op == kAdd) return a + b;
  if constexpr (Op == kSub) return a - b;
  if constexpr (Op == kMul) return a * b;
  if constexpr (Op == kDiv) return a / b;
  // NaN propagates as in tfjs's Math.max / Math.min.
  if constexpr (Op == kMax) return (a != a || b != b) ? NAN : (a > b ? a : b);
  if constexpr (Op == kMin) return (a != a || b != b) ? NAN : (a < b ? a : b);
  if constexpr (Op == kSquaredDiff) { double d = double(a) - double(b); return float(d * d); }  // rounded once, as on cpu
  if constexpr (Op == kPow) return float(std::pow(double(a), double(b)));
  if constexpr (Op == kGreater) return a > b;
  if constexpr (Op == kGreaterEqual) return a >= b;
  if constexpr (Op == kLess) return a < b;
  if constexpr (Op == kLessEqual) return a <= b;
  if constexpr (Op == kEqual) return a == b;
  if constexpr (Op == kNotEqual) return a != b;
  return 0;
}

template <int Op>
inline float unaryOp(float x, double alpha) {
  if constexpr (Op == kSqrt) return std::sqrt(x);
  if constexpr (Op == kSquare) return x * x;
  if constexpr (Op == kRelu) return x != x ? x : (x > 0 ? x : 0.f);  // Math.max(0, x): NaN passes, -0 -> 0
  // Written as selects of values computed for every element, so the loops vectorize: a branch per
  // element on the sign of activations mispredicts half the time (5 ns per value, 20x a relu).
  if constexpr (Op == kStep) { const float r = x > 0 ? 1.f : float(alpha); return x != x ? x : r; }
  if constexpr (Op == kNeg) return -x;
  if constexpr (Op == kAbs) return std::fabs(x);
  if constexpr (Op == kExp) return float(std::exp(double(x)));
  if constexpr (Op == kLog) return float(std::log(double(x)));
  if constexpr (Op == kSigmoid) return float(1.0 / (1.0 + std::exp(-double(x))));
  if constexpr (Op == kTanh) return float(std::tanh(double(x)));
  if constexpr (Op == kRsqrt) return float(1.0 / std::sqrt(double(x)));
  if constexpr (Op == kReciprocal) return 1.f / x;
  if constexpr (Op == kLeakyRelu) { const float scaled = float(alpha * double(x)); return x < 0 ? scaled : x; }  // alpha a JS number, as on cpu
  if constexpr (Op == kElu) return x >= 0 ? x : float(std::exp(double(x)) - 1.0);
  if constexpr (Op == kRelu6) return x < 0 ? 0.f : (x > 6 ? 6.f : x);
  if constexpr (Op == kLog1p) return float(std::log1p(double(x)));
  if constexpr (Op == kSoftplus) return float(std::log1p(std::exp(double(x))));
  return 0;
}

// Output index space: outer rows of `inner` elements; a and b step through their own strides
// (0 along a broadcast dimension).
struct Layout {
  int rank = 0;
  int64_t shape[8] = {}, sa[8] = {}, sb[8] = {};
};

// The loops are compiled for AVX-512 and AVX2 as well as the baseline, picked at load for the CPU.
#define ONEDNN_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))

template <int Op>
ONEDNN_CLONES void binaryKernel(const float *a, const float *b, void *outp, int64_t n, int64_t na, int64_t nb, const Layout &l) {
  auto *out = static_cast<BinaryOut<Op> *>(outp);
  if (na == n && nb == n) {
#pragma omp parallel for simd if (n > kParallel) schedule(static)
    for (int64_t i = 0; i < n; ++i) out[i] = binaryOp<Op>(a[i], b[i]);
  } else if (nb == 1) {
    const float s = b[0];
#pragma omp parallel for simd if (n > kParallel) schedule(static)
    for (int64_t i = 0; i < n; ++i) out[i] = binaryOp<Op>(a[i], s);
  } else if (na == 1) {
    const float s = a[0];
#pragma omp parallel for simd if (n > kParallel) schedule(static)
    for (int64_t i = 0; i < n; ++i) out[i] = binaryOp<Op>(s, b[i]);
  } else {
    const int r = l.rank;
    const int64_t inner = l.shape[r - 1];
    const int64_t ia = l.sa[r - 1], ib = l.sb[r - 1];
    const int64_t rows = n / inner;
#pragma omp parallel for if (n > kParallel) schedule(static)
    for (int64_t row = 0; row < rows; ++row) {
      int64_t rest = row, oa = 0, ob = 0;
      for (int d = r - 2; d >= 0; --d) {
        const int64_t idx = rest % l.shape[d];
        rest /= l.shape[d];
        oa += idx * l.sa[d];
        ob += idx * l.sb[d];
      }
      auto *o = out + row * inner;
      const float *pa = a + oa, *pb = b + ob;
      if (ia == 1 && ib == 1) for (int64_t i = 0; i < inner; ++i) o[i] = binaryOp<Op>(pa[i], pb[i]);
      else if (ia == 1) { const float s = pb[0]; for (int64_t i = 0; i < inner; ++i) o[i] = binaryOp<Op>(pa[i], s); }
      else if (ib == 1) { const float s = pa[0]; for (int64_t i = 0; i < inner; ++i) o[i] = binaryOp<Op>(s, pb[i]); }
      else { const auto v = binaryOp<Op>(pa[0], pb[0]); for (int64_t i = 0; i < inner; ++i) o[i] = v; }
    }
  }
}

template <int Op>
ONEDNN_CLONES void unaryKernel(const float *x, float *out, int64_t n, double alpha) {
#pragma omp parallel for simd if (n > kParallel) schedule(static)
  for (int64_t i = 0; i < n; ++i) out[i] = unaryOp<Op>(x[i], alpha);
}

using BinaryFn = void (*)(const float *, const float *, void *, int64_t, int64_t, int64_t, const Layout &);
using UnaryFn = void (*)(const float *, float *, int64_t, double);

template <size_t... I>
constexpr std::array<BinaryFn, sizeof...(I)> binaryTable(std::index_sequence<I...>) { return {binaryKernel<I>...}; }
template <size_t... I>
constexpr std::array<UnaryFn, sizeof...(I)> unaryTable(std::index_sequence<I...>) { return {unaryKernel<I>...}; }

const auto kBinary = binaryTable(std::make_index_sequence<kNumBinary>());
const auto kUnary = unaryTable(std::make_index_sequence<kNumUnary>());

Float32Span span(const Napi::Value &v, const char *what) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array)
    throw Napi::TypeError::New(v.Env(), std::string(what) + " must be a Float32Array");
  auto a = v.As<Napi::Float32Array>();
  return {a.Data(), int64_t(a.ElementLength())};
}

// binary(op, outShape, aStrides, bStrides, a, b, out): strides in elements, 0 where broadcast; out a
// Float32Array, or for comparisons a Uint8Array.
Napi::Value BinaryFnJs(const Napi::CallbackInfo &info) {
  const int op = info[0].As<Napi::Number>().Int32Value();
  if (op < 0 || op >= kNumBinary) throw Napi::RangeError::New(info.Env(), "unknown binary op");
  auto shape = info[1].As<Napi::Array>();
  Layout l;
  l.rank = int(shape.Length());
  if (l.rank > 8) throw Napi::RangeError::New(info.Env(), "rank above 8");
  auto sa = ints(info[2], l.rank, "a strides"), sb = ints(info[3], l.rank, "b strides");
  int64_t n = 1;
  for (int d = 0; d < l.rank; ++d) {
    l.shape[d] = shape.Get(d).As<Napi::Number>().Int64Value();
    l.sa[d] = sa[d];
    l.sb[d] = sb[d];
    n *= l.shape[d];
  }
  auto a = span(info[4], "a"), b = span(info[5], "b");
  auto outArr = info[6].As<Napi::TypedArray>();
  const bool compare = op >= kGreater;
  if (outArr.TypedArrayType() != (compare ? napi_uint8_array : napi_float32_array))
    throw Napi::TypeError::New(info.Env(), compare ? "a comparison's output must be a Uint8Array" : "output must be a Float32Array");
  if (int64_t(outArr.ElementLength()) != n) throw Napi::RangeError::New(info.Env(), "output size does not match the shape");
  void *out = static_cast<uint8_t *>(outArr.ArrayBuffer().Data()) + outArr.ByteOffset();
  if (l.rank == 0) l = Layout{1, {1}, {0}, {0}};
  kBinary[op](a.p, b.p, out, n, a.n, b.n, l);
  return info.Env().Undefined();
}

// unary(op, alpha, x, out)
Napi::Value UnaryFnJs(const Napi::CallbackInfo &info) {
  const int op = info[0].As<Napi::Number>().Int32Value();
  if (op < 0 || op >= kNumUnary) throw Napi::RangeError::New(info.Env(), "unknown unary op");
  const double alpha = info[1].As<Napi::Number>().DoubleValue();
  auto x = span(info[2], "x"), out = span(info[3], "output");
  if (x.n != out.n) throw Napi::RangeError::New(info.Env(), "output size does not match the input");
  kUnary[op](x.p, out.p, x.n, alpha);
  return info.Env().Undefined();
}

// reduce(op, outer, reduce, inner, x, out): x viewed as [outer, reduce, inner], out [outer, inner].
// Sums accumulate in double, as the cpu backend's JS numbers do. op: 0 sum, 1 max, 2 min, 3 mean
// (the cpu backend's order: each value divided by the count in float32, then summed).
Napi::Value ReduceFnJs(const Napi::CallbackInfo &info) {
  int op = info[0].As<Napi::Number>().Int32Value();
  const int64_t outer = info[1].As<Napi::Number>().Int64Value(), red = info[2].As<Napi::Number>().Int64Value(),
                inner = info[3].As<Napi::Number>().Int64Value();
  auto x = span(info[4], "x"), out = span(info[5], "output");
  if (x.n != outer * red * inner || out.n != outer * inner) throw Napi::RangeError::New(info.Env(), "reduce sizes do not match");
  const float *px = x.p;
  float *po = out.p;
  const float count = float(red);
  const bool mean = op == 3;
  if (mean) op = 0;
  auto term = [&](float v) { return mean ? double(v / count) : double(v); };
  if (inner == 1) {
#pragma omp parallel for if (x.n > kParallel) schedule(static)
    for (int64_t o = 0; o < outer; ++o) {
      const float *row = px + o * red;
      if (op == 0) {
        double s = 0;
        for (int64_t r = 0; r < red; ++r) s += term(row[r]);
        po[o] = float(s);
      } else {
        float m = row[0];
        for (int64_t r = 1; r < red; ++r) m = op == 1 ? binaryOp<kMax>(m, row[r]) : binaryOp<kMin>(m, row[r]);
        po[o] = m;
      }
    }
    return info.Env().Undefined();
  }
  // Columns: split the inner range over threads, each walks the reduced rows in order.
  const int64_t work = x.n;
#pragma omp parallel if (work > kParallel)
  {
    const int t = omp_get_thread_num(), nt = omp_get_num_threads();
    const int64_t lo = inner * t / nt, hi = inner * (t + 1) / nt;
    std::vector<double> acc(size_t(hi - lo));
    for (int64_t o = 0; o < outer; ++o) {
      const float *base = px + o * red * inner;
      if (op == 0) {
        std::fill(acc.begin(), acc.end(), 0.0);
        for (int64_t r = 0; r < red; ++r) {
          const float *row = base + r * inner;
          for (int64_t i = lo; i < hi; ++i) acc[size_t(i - lo)] += term(row[i]);
        }
        for (int64_t i = lo; i < hi; ++i) po[o * inner + i] = float(acc[size_t(i - lo)]);
      } else {
        float *dst = po + o * inner;
        for (int64_t i = lo; i < hi; ++i) dst[i] = base[i];
        for (int64_t r = 1; r < red; ++r) {
          const float *row = base + r * inner;
          for (int64_t i = lo; i < hi; ++i) dst[i] = op == 1 ? binaryOp<kMax>(dst[i], row[i]) : binaryOp<kMin>(dst[i], row[i]);
        }
      }
    }
  }
  return info.Env().Undefined();
}

// A transpose as a oneDNN reorder from a strided view of the input to a plain output: its jitted
// reorders beat a copy loop on permutes such as NCHW <-> NHWC, where the loop's inner walk strides.
struct Transposer {
  bool ok = false;
  dnnl::reorder prim;
  dnnl::memory::desc src, dst;
};
std::unordered_map<std::string, std::unique_ptr<Transposer>> transposers;

std::unique_ptr<Transposer> makeTransposer(const std::vector<int64_t> &p) {
  auto e = std::make_unique<Transposer>();
  const size_t r = p.size() / 2;
  dims oshape(r), ostride(r), inStride(r);
  inStride[r - 1] = 1;
  for (size_t d = r - 1; d-- > 0;) inStride[d] = inStride[d + 1] * p[d + 1];
  for (size_t d = 0; d < r; ++d) {
    oshape[d] = p[size_t(p[r + d])];
    ostride[d] = inStride[size_t(p[r + d])];
  }
  try {
    using dt = dnnl::memory::data_type;
    e->src = dnnl::memory::desc(oshape, dt::f32, ostride);
    dims plain(r);
    plain[r - 1] = 1;
    for (size_t d = r - 1; d-- > 0;) plain[d] = plain[d + 1] * oshape[d + 1];
    e->dst = dnnl::memory::desc(oshape, dt::f32, plain);
    e->prim = dnnl::reorder(dnnl::reorder::primitive_desc(engine(), e->src, engine(), e->dst));
    e->ok = true;
  } catch (const dnnl::error &) {
    e->ok = false;
  }
  return e;
}

// transpose(shape, perm, x, out) for any 4-byte element type (float32, int32).
Napi::Value TransposeFnJs(const Napi::CallbackInfo &info) {
  auto shapeArr = info[0].As<Napi::Array>();
  const int r = int(shapeArr.Length());
  if (r < 1 || r > 8) throw Napi::RangeError::New(info.Env(), "transpose rank must be 1..8");
  auto shape = ints(info[0], r, "shape"), perm = ints(info[1], r, "perm");
  auto xa = info[2].As<Napi::TypedArray>(), oa = info[3].As<Napi::TypedArray>();
  if (xa.ElementSize() != 4 || oa.ElementSize() != 4 || xa.ElementLength() != oa.ElementLength())
    throw Napi::TypeError::New(info.Env(), "transpose takes two arrays of 4-byte elements of the same length");
  const uint32_t *x = reinterpret_cast<const uint32_t *>(static_cast<uint8_t *>(xa.ArrayBuffer().Data()) + xa.ByteOffset());
  uint32_t *out = reinterpret_cast<uint32_t *>(static_cast<uint8_t *>(oa.ArrayBuffer().Data()) + oa.ByteOffset());
  // float32 only: a reorder may scale its values, which would flush an int32's bits that read as a
  // denormal float.
  if (r <= 6 && xa.ElementLength() > 4096 && xa.TypedArrayType() == napi_float32_array) {
    std::vector<int64_t> p(shape);
    p.insert(p.end(), perm.begin(), perm.end());
    auto &e = cached(transposers, key("transpose", p), makeTransposer, p);
    if (e.ok) {
      auto src = dnnl::memory(e.src, engine(), const_cast<uint32_t *>(x));
      auto dst = dnnl::memory(e.dst, engine(), out);
      e.prim.execute(stream(), src, dst);
      stream().wait();
      return info.Env().Undefined();
    }
  }
  int64_t inStride[8];
  inStride[r - 1] = 1;
  for (int d = r - 2; d >= 0; --d) inStride[d] = inStride[d + 1] * shape[d + 1];
  int64_t oshape[8], ostride[8];  // per output dim: its size and the input stride it walks
  for (int d = 0; d < r; ++d) {
    oshape[d] = shape[perm[d]];
    ostride[d] = inStride[perm[d]];
  }
  const int64_t n = int64_t(xa.ElementLength());
  const int64_t inner = oshape[r - 1], is = ostride[r - 1];
  const int64_t rows = n / std::max<int64_t>(inner, 1);
#pragma omp parallel for if (n > kParallel) schedule(static)
  for (int64_t row = 0; row < rows; ++row) {
    int64_t rest = row, off = 0;
    for (int d = r - 2; d >= 0; --d) {
      off += (rest % oshape[d]) * ostride[d];
      rest /= oshape[d];
    }
    uint32_t *o = out + row * inner;
    const uint32_t *p = x + off;
    for (int64_t i = 0; i < inner; ++i) o[i] = p[i * is];
  }
  return info.Env().Undefined();
}

ONEDNN_CLONES void selectKernel(const uint8_t *c, const float *t, const float *e, float *out, int64_t n) {
#pragma omp parallel for simd if (n > kParallel) schedule(static)
  for (int64_t i = 0; i < n; ++i) out[i] = c[i] == 1 ? t[i] : e[i];
}

// select(condition, t, e, out): out[i] = condition[i] ? t[i] : e[i], all of one size.
Napi::Value SelectFnJs(const Napi::CallbackInfo &info) {
  auto c = info[0].As<Napi::Uint8Array>();
  auto t = span(info[1], "t"), e = span(info[2], "e"), out = span(info[3], "output");
  if (int64_t(c.ElementLength()) != out.n || t.n != out.n || e.n != out.n) throw Napi::RangeError::New(info.Env(), "select sizes do not match");
  selectKernel(c.Data(), t.p, e.p, out.p, out.n);
  return info.Env().Undefined();
}

// tile(shape, reps, x, out) for 4-byte elements: out's each row of the last dimension is the input
// row it maps to, repeated.
Napi::Value TileFnJs(const Napi::CallbackInfo &info) {
  auto shapeArr = info[0].As<Napi::Array>();
  const int r = int(shapeArr.Length());
  if (r < 1 || r > 8) throw Napi::RangeError::New(info.Env(), "tile rank must be 1..8");
  auto shape = ints(info[0], r, "shape"), reps = ints(info[1], r, "reps");
  auto xa = info[2].As<Napi::TypedArray>(), oa = info[3].As<Napi::TypedArray>();
  if (xa.ElementSize() != 4 || oa.ElementSize() != 4) throw Napi::TypeError::New(info.Env(), "tile takes arrays of 4-byte elements");
  const uint32_t *x = reinterpret_cast<const uint32_t *>(static_cast<uint8_t *>(xa.ArrayBuffer().Data()) + xa.ByteOffset());
  uint32_t *out = reinterpret_cast<uint32_t *>(static_cast<uint8_t *>(oa.ArrayBuffer().Data()) + oa.ByteOffset());
  int64_t inStride[8], oshape[8];
  int64_t n = 1;
  inStride[r - 1] = 1;
  for (int d = r - 2; d >= 0; --d) inStride[d] = inStride[d + 1] * shape[d + 1];
  for (int d = 0; d < r; ++d) {
    oshape[d] = shape[d] * reps[d];
    n *= oshape[d];
  }
  if (int64_t(oa.ElementLength()) != n || int64_t(xa.ElementLength()) != inStride[0] * shape[0])
    throw Napi::RangeError::New(info.Env(), "tile sizes do not match");
  const int64_t inner = oshape[r - 1], rowIn = shape[r - 1];
  const int64_t rows = inner ? n / inner : 0;
#pragma omp parallel for if (n > kParallel) schedule(static)
  for (int64_t row = 0; row < rows; ++row) {
    int64_t rest = row, off = 0;
    for (int d = r - 2; d >= 0; --d) {
      off += (rest % oshape[d]) % shape[d] * inStride[d];
      rest /= oshape[d];
    }
    uint32_t *o = out + row * inner;
    const uint32_t *p = x + off;
    for (int64_t k = 0; k < reps[r - 1]; ++k) std::memcpy(o + k * rowIn, p, size_t(rowIn) * 4);
  }
  return info.Env().Undefined();
}

// batchNorm(x, mean, variance, scale | null, offset | null, epsilon, channels, out): each parameter
// holds 1 or `channels` values, x rows of `channels`. In double, in the cpu backend's order
// (offset + (x - mean) * scale / sqrt(variance + epsilon)), so the results are the same bit for bit.
ONEDNN_CLONES void batchNormRows(const float *x, const float *m, const float *v, const float *s, const float *o, int64_t sm,
                                 int64_t sv, int64_t ss, int64_t so, double eps, int64_t channels, int64_t rows, float *out) {
#pragma omp parallel for if (rows * channels > kParallel) schedule(static)
  for (int64_t r = 0; r < rows; ++r) {
    const float *xr = x + r * channels;
    float *outr = out + r * channels;
    for (int64_t c = 0; c < channels; ++c)
      outr[c] = float(double(o[c * so]) + (double(xr[c]) - double(m[c * sm])) * double(s[c * ss]) / std::sqrt(double(v[c * sv]) + eps));
  }
}

Napi::Value BatchNormFnJs(const Napi::CallbackInfo &info) {
  auto x = span(info[0], "x"), m = span(info[1], "mean"), v = span(info[2], "variance"), out = span(info[7], "output");
  static const float one = 1.f, zero = 0.f;
  const bool hasScale = info[3].IsTypedArray(), hasOffset = info[4].IsTypedArray();
  const Float32Span s = hasScale ? span(info[3], "scale") : Float32Span{const_cast<float *>(&one), 1};
  const Float32Span o = hasOffset ? span(info[4], "offset") : Float32Span{const_cast<float *>(&zero), 1};
  const double eps = info[5].As<Napi::Number>().DoubleValue();
  const int64_t channels = info[6].As<Napi::Number>().Int64Value();
  auto stride = [&](const Float32Span &p) -> int64_t {
    if (p.n == 1) return 0;
    if (p.n == channels) return 1;
    throw Napi::RangeError::New(info.Env(), "batch norm parameters must hold 1 or channels values");
  };
  if (channels < 1 || x.n % channels != 0 || out.n != x.n) throw Napi::RangeError::New(info.Env(), "batch norm sizes do not match");
  batchNormRows(x.p, m.p, v.p, s.p, o.p, stride(m), stride(v), stride(s), stride(o), eps, channels, x.n / channels, out.p);
  return info.Env().Undefined();
}

}  // namespace

void registerElementwise(Napi::Env env, Napi::Object exports) {
  exports.Set("binary", Napi::Function::New(env, BinaryFnJs));
  exports.Set("unary", Napi::Function::New(env, UnaryFnJs));
  exports.Set("reduce", Napi::Function::New(env, ReduceFnJs));
  exports.Set("transpose", Napi::Function::New(env, TransposeFnJs));
  exports.Set("select", Napi::Function::New(env, SelectFnJs));
  exports.Set("tile", Napi::Function::New(env, TileFnJs));
  exports.Set("batchNorm", Napi::Function::New(env, BatchNormFnJs));
}

}  // namespace onednn
