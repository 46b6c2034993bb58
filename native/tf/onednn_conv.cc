// 2-D convolution on oneDNN in tfjs's layouts: activations NHWC, filters HWIO (tfjs's
// [filterHeight, filterWidth, inChannels, outChannels]). The forward pass fuses bias and the
// activation; the two gradients are the backward-data (also the transposed convolution) and
// backward-weights primitives. Activations stay in the caller's NHWC memory; filters are
// reordered to the layout the primitive asks for (they are small next to the activations).
#include "tf/onednn_common.h"

namespace onednn {
namespace {

using dnnl::algorithm;
using dnnl::memory;
using dnnl::prop_kind;
using tag = memory::format_tag;
using dt = memory::data_type;

// Geometry, as the JS side passes it: N H W C  KH KW O  OH OW  sh sw  dh dw  pt pl pb pr
// (dilations in tfjs's convention, 1 = none; paddings as tfjs's padInfo computes them).
struct Geometry {
  int64_t n, h, w, c, kh, kw, o, oh, ow, sh, sw, dh, dw, pt, pl, pb, pr;
  explicit Geometry(const std::vector<int64_t> &p)
      : n(p[0]), h(p[1]), w(p[2]), c(p[3]), kh(p[4]), kw(p[5]), o(p[6]), oh(p[7]), ow(p[8]), sh(p[9]),
        sw(p[10]), dh(p[11]), dw(p[12]), pt(p[13]), pl(p[14]), pb(p[15]), pr(p[16]) {}
  memory::desc src(tag t = tag::nhwc) const { return {{n, c, h, w}, dt::f32, t}; }
  memory::desc dst(tag t = tag::nhwc) const { return {{n, o, oh, ow}, dt::f32, t}; }
  memory::desc weights(tag t = tag::hwio) const { return {{o, c, kh, kw}, dt::f32, t}; }
  dims strides() const { return {sh, sw}; }
  dims dilates() const { return {dh - 1, dw - 1}; }  // oneDNN counts the inserted gaps
  dims padL() const { return {pt, pl}; }
  dims padR() const { return {pb, pr}; }
  size_t srcSize() const { return size_t(n * h * w * c); }
  size_t dstSize() const { return size_t(n * oh * ow * o); }
  size_t weightsSize() const { return size_t(kh * kw * c * o); }
};
constexpr size_t kGeometry = 17;

dnnl::convolution_forward::primitive_desc forwardDesc(const Geometry &g, bool bias, const dnnl::primitive_attr &attr) {
  dnnl::convolution_forward::desc d(prop_kind::forward_training, algorithm::convolution_direct, g.src(),
                                    g.weights(tag::any), bias ? memory::desc({g.o}, dt::f32, tag::a) : memory::desc(),
                                    g.dst(), g.strides(), g.dilates(), g.padL(), g.padR());
  return {d, attr, engine()};
}

// Activation codes shared with src/tf/onednn/kernels.ts.
enum Activation { kLinear = 0, kRelu = 1, kRelu6 = 2, kElu = 3, kLeakyRelu = 4, kSigmoid = 5 };

struct Forward {
  bool ok = false;
  bool bias = false;
  dnnl::convolution_forward prim;
  Staged w;
  memory::desc src, dst, biasMd;
};

struct BackwardData {
  bool ok = false;
  dnnl::convolution_backward_data prim;
  Staged w;
  memory::desc dy, dx;
};

struct BackwardWeights {
  bool ok = false;
  dnnl::convolution_backward_weights prim;
  Staged dw;
  memory::desc x, dy;
};

std::unordered_map<std::string, std::unique_ptr<Forward>> forwards;
std::unordered_map<std::string, std::unique_ptr<BackwardData>> backwardData;
std::unordered_map<std::string, std::unique_ptr<BackwardWeights>> backwardWeights;

// A shape or attribute oneDNN has no implementation for is remembered as such, and the caller
// falls back to the cpu backend's kernel.
template <typename T, typename F>
std::unique_ptr<T> attempt(F build) {
  auto e = std::make_unique<T>();
  try {
    build(*e);
    e->ok = true;
  } catch (const dnnl::error &) {
    e->ok = false;
  }
  return e;
}

std::unique_ptr<Forward> makeForward(const std::vector<int64_t> &p) {
  return attempt<Forward>([&](Forward &e) {
    Geometry g(p);
    e.bias = p[kGeometry] != 0;
    const auto act = Activation(p[kGeometry + 1]);
    const float alpha = float(p[kGeometry + 2]) / 1e6f;
    dnnl::post_ops ops;
    switch (act) {
      case kLinear: break;
      case kRelu: ops.append_eltwise(1.f, algorithm::eltwise_relu, 0.f, 0.f); break;
      case kRelu6: ops.append_eltwise(1.f, algorithm::eltwise_clip, 0.f, 6.f); break;
      case kElu: ops.append_eltwise(1.f, algorithm::eltwise_elu, 1.f, 0.f); break;
      case kLeakyRelu: ops.append_eltwise(1.f, algorithm::eltwise_relu, alpha, 0.f); break;
      case kSigmoid: ops.append_eltwise(1.f, algorithm::eltwise_logistic, 0.f, 0.f); break;
      default: throw dnnl::error(dnnl_unimplemented, "activation");
    }
    dnnl::primitive_attr attr;
    attr.set_post_ops(ops);
    auto pd = forwardDesc(g, e.bias, attr);
    e.prim = dnnl::convolution_forward(pd);
    e.w.init(g.weights(), pd.weights_desc(), false);
    e.src = g.src();
    e.dst = g.dst();
    if (e.bias) e.biasMd = memory::desc({g.o}, dt::f32, tag::a);
  });
}

std::unique_ptr<BackwardData> makeBackwardData(const std::vector<int64_t> &p) {
  return attempt<BackwardData>([&](BackwardData &e) {
    Geometry g(p);
    auto hint = forwardDesc(g, false, dnnl::primitive_attr());
    dnnl::convolution_backward_data::desc d(algorithm::convolution_direct, g.src(), g.weights(tag::any), g.dst(),
                                            g.strides(), g.dilates(), g.padL(), g.padR());
    dnnl::convolution_backward_data::primitive_desc pd(d, engine(), hint);
    e.prim = dnnl::convolution_backward_data(pd);
    e.w.init(g.weights(), pd.weights_desc(), false);
    e.dy = g.dst();
    e.dx = g.src();
  });
}

std::unique_ptr<BackwardWeights> makeBackwardWeights(const std::vector<int64_t> &p) {
  return attempt<BackwardWeights>([&](BackwardWeights &e) {
    Geometry g(p);
    auto hint = forwardDesc(g, false, dnnl::primitive_attr());
    dnnl::convolution_backward_weights::desc d(algorithm::convolution_direct, g.src(), g.weights(tag::any), g.dst(),
                                               g.strides(), g.dilates(), g.padL(), g.padR());
    dnnl::convolution_backward_weights::primitive_desc pd(d, engine(), hint);
    e.prim = dnnl::convolution_backward_weights(pd);
    e.dw.init(g.weights(), pd.diff_weights_desc(), true);
    e.x = g.src();
    e.dy = g.dst();
  });
}

// conv2d(geometry, bias?, activation, alpha, x, filter, bias | null, out) -> done
Napi::Value Conv2D(const Napi::CallbackInfo &info) {
  auto p = ints(info[0], kGeometry, "geometry");
  const double alpha = info[3].As<Napi::Number>().DoubleValue();
  p.push_back(info[1].ToBoolean() ? 1 : 0);
  p.push_back(info[2].As<Napi::Number>().Int64Value());
  p.push_back(int64_t(alpha * 1e6));
  Geometry g(p);
  auto &e = cached(forwards, key("fwd", p), makeForward, p);
  if (!e.ok) return Napi::Boolean::New(info.Env(), false);
  float *x = floats(info[4], g.srcSize(), "x");
  float *w = floats(info[5], g.weightsSize(), "filter");
  float *out = floats(info[7], g.dstSize(), "output");
  std::unordered_map<int, memory> args{
      {DNNL_ARG_SRC, wrap(e.src, x)}, {DNNL_ARG_WEIGHTS, e.w.bring(w)}, {DNNL_ARG_DST, wrap(e.dst, out)}};
  if (e.bias) args.emplace(DNNL_ARG_BIAS, wrap(e.biasMd, floats(info[6], size_t(g.o), "bias")));
  e.prim.execute(stream(), args);
  stream().wait();
  return Napi::Boolean::New(info.Env(), true);
}

// conv2dBackpropInput(geometry, dy, filter, dx) -> done
Napi::Value Conv2DBackpropInput(const Napi::CallbackInfo &info) {
  auto p = ints(info[0], kGeometry, "geometry");
  Geometry g(p);
  auto &e = cached(backwardData, key("bwd_data", p), makeBackwardData, p);
  if (!e.ok) return Napi::Boolean::New(info.Env(), false);
  float *dy = floats(info[1], g.dstSize(), "dy");
  float *w = floats(info[2], g.weightsSize(), "filter");
  float *dx = floats(info[3], g.srcSize(), "dx");
  e.prim.execute(stream(), {{DNNL_ARG_DIFF_DST, wrap(e.dy, dy)}, {DNNL_ARG_WEIGHTS, e.w.bring(w)},
                            {DNNL_ARG_DIFF_SRC, wrap(e.dx, dx)}});
  stream().wait();
  return Napi::Boolean::New(info.Env(), true);
}

// conv2dBackpropFilter(geometry, x, dy, dw) -> done
Napi::Value Conv2DBackpropFilter(const Napi::CallbackInfo &info) {
  auto p = ints(info[0], kGeometry, "geometry");
  Geometry g(p);
  auto &e = cached(backwardWeights, key("bwd_weights", p), makeBackwardWeights, p);
  if (!e.ok) return Napi::Boolean::New(info.Env(), false);
  float *x = floats(info[1], g.srcSize(), "x");
  float *dy = floats(info[2], g.dstSize(), "dy");
  float *dw = floats(info[3], g.weightsSize(), "dw");
  e.prim.execute(stream(), {{DNNL_ARG_SRC, wrap(e.x, x)}, {DNNL_ARG_DIFF_DST, wrap(e.dy, dy)},
                            {DNNL_ARG_DIFF_WEIGHTS, e.dw.mem(dw)}});
  e.dw.send(dw);
  stream().wait();
  return Napi::Boolean::New(info.Env(), true);
}

}  // namespace

void registerConv(Napi::Env env, Napi::Object exports) {
  exports.Set("conv2d", Napi::Function::New(env, Conv2D));
  exports.Set("conv2dBackpropInput", Napi::Function::New(env, Conv2DBackpropInput));
  exports.Set("conv2dBackpropFilter", Napi::Function::New(env, Conv2DBackpropFilter));
}

}  // namespace onednn
