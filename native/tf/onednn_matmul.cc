// Batched matrix products for tfjs's BatchMatMul and _FusedMatMul: C[b] = op(A[b]) op(B[b]) (+ bias,
// activation), with a batch of 1 broadcast against the other operand. Transposed operands are read
// in place through strides, never copied. `blasMatMul` does the same through OpenBLAS's sgemm so the
// two can be compared (bench:kernels); the backend uses whichever measured faster.
#include <cblas.h>

#include "tf/onednn_common.h"

namespace onednn {
namespace {

using dnnl::algorithm;
using dnnl::memory;
using tag = memory::format_tag;
using dt = memory::data_type;

// batchA batchB M K N transA transB hasBias activation alpha*1e6
constexpr size_t kParams = 7;

struct MatMul {
  bool ok = false;
  bool bias = false;
  dnnl::matmul prim;
  memory::desc a, b, c, biasMd;
};

std::unordered_map<std::string, std::unique_ptr<MatMul>> matmuls;

std::unique_ptr<MatMul> makeMatMul(const std::vector<int64_t> &p) {
  auto e = std::make_unique<MatMul>();
  const int64_t ba = p[0], bb = p[1], m = p[2], k = p[3], n = p[4];
  const bool ta = p[5] != 0, tb = p[6] != 0;
  e->bias = p[7] != 0;
  const int act = int(p[8]);
  const float alpha = float(p[9]) / 1e6f;
  try {
    const int64_t bc = std::max(ba, bb);
    e->a = memory::desc({ba, m, k}, dt::f32, ta ? tag::acb : tag::abc);
    e->b = memory::desc({bb, k, n}, dt::f32, tb ? tag::acb : tag::abc);
    e->c = memory::desc({bc, m, n}, dt::f32, tag::abc);
    if (e->bias) e->biasMd = memory::desc({1, 1, n}, dt::f32, tag::abc);
    dnnl::post_ops ops;
    switch (act) {
      case 0: break;
      case 1: ops.append_eltwise(1.f, algorithm::eltwise_relu, 0.f, 0.f); break;
      case 2: ops.append_eltwise(1.f, algorithm::eltwise_clip, 0.f, 6.f); break;
      case 3: ops.append_eltwise(1.f, algorithm::eltwise_elu, 1.f, 0.f); break;
      case 4: ops.append_eltwise(1.f, algorithm::eltwise_relu, alpha, 0.f); break;
      case 5: ops.append_eltwise(1.f, algorithm::eltwise_logistic, 0.f, 0.f); break;
      default: return e;
    }
    dnnl::primitive_attr attr;
    attr.set_post_ops(ops);
    dnnl::matmul::desc d = e->bias ? dnnl::matmul::desc(e->a, e->b, e->biasMd, e->c) : dnnl::matmul::desc(e->a, e->b, e->c);
    e->prim = dnnl::matmul(dnnl::matmul::primitive_desc(d, attr, engine()));
    e->ok = true;
  } catch (const dnnl::error &) {
    e->ok = false;
  }
  return e;
}

std::vector<int64_t> readParams(const Napi::CallbackInfo &info) {
  auto p = ints(info[0], kParams, "matmul shape");
  p.push_back(info[1].ToBoolean() ? 1 : 0);
  p.push_back(info[2].As<Napi::Number>().Int64Value());
  p.push_back(int64_t(info[3].As<Napi::Number>().DoubleValue() * 1e6));
  return p;
}

// matMul([batchA, batchB, M, K, N, transA, transB], bias?, activation, alpha, a, b, bias | null, out) -> done
Napi::Value MatMulFn(const Napi::CallbackInfo &info) {
  auto p = readParams(info);
  auto &e = cached(matmuls, key("matmul", p), makeMatMul, p);
  if (!e.ok) return Napi::Boolean::New(info.Env(), false);
  const int64_t ba = p[0], bb = p[1], m = p[2], k = p[3], n = p[4];
  float *a = floats(info[4], size_t(ba * m * k), "a");
  float *b = floats(info[5], size_t(bb * k * n), "b");
  float *c = floats(info[7], size_t(std::max(ba, bb) * m * n), "output");
  std::unordered_map<int, memory> args{{DNNL_ARG_SRC, wrap(e.a, a)}, {DNNL_ARG_WEIGHTS, wrap(e.b, b)}, {DNNL_ARG_DST, wrap(e.c, c)}};
  if (e.bias) args.emplace(DNNL_ARG_BIAS, wrap(e.biasMd, floats(info[6], size_t(n), "bias")));
  e.prim.execute(stream(), args);
  stream().wait();
  return Napi::Boolean::New(info.Env(), true);
}

// blasMatMul([batchA, batchB, M, K, N, transA, transB], a, b, out): plain products through OpenBLAS.
Napi::Value BlasMatMul(const Napi::CallbackInfo &info) {
  auto p = ints(info[0], kParams, "matmul shape");
  const int64_t ba = p[0], bb = p[1], m = p[2], k = p[3], n = p[4];
  const bool ta = p[5] != 0, tb = p[6] != 0;
  const int64_t bc = std::max(ba, bb);
  float *a = floats(info[1], size_t(ba * m * k), "a");
  float *b = floats(info[2], size_t(bb * k * n), "b");
  float *c = floats(info[3], size_t(bc * m * n), "output");
  for (int64_t i = 0; i < bc; ++i)
    cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, int(m), int(n), int(k), 1.f,
                a + (ba == 1 ? 0 : i) * m * k, ta ? int(m) : int(k), b + (bb == 1 ? 0 : i) * k * n, tb ? int(k) : int(n), 0.f,
                c + i * m * n, int(n));
  return info.Env().Undefined();
}

}  // namespace

void registerMatMul(Napi::Env env, Napi::Object exports) {
  exports.Set("matMul", Napi::Function::New(env, MatMulFn));
  exports.Set("blasMatMul", Napi::Function::New(env, BlasMatMul));
}

}  // namespace onednn
