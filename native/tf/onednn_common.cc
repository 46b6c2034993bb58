#include "tf/onednn_common.h"

#include <sstream>

namespace onednn {

dnnl::engine &engine() {
  static dnnl::engine e(dnnl::engine::kind::cpu, 0);
  return e;
}

dnnl::stream &stream() {
  static dnnl::stream s(engine());
  return s;
}

float *floats(const Napi::Value &v, size_t expected, const char *what) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array)
    throw Napi::TypeError::New(v.Env(), std::string(what) + " must be a Float32Array");
  auto a = v.As<Napi::Float32Array>();
  if (a.ElementLength() != expected)
    throw Napi::RangeError::New(v.Env(), std::string(what) + " holds " + std::to_string(a.ElementLength()) +
                                             " values, expected " + std::to_string(expected));
  return a.Data();
}

std::vector<int64_t> ints(const Napi::Value &v, size_t expected, const char *what) {
  if (!v.IsArray()) throw Napi::TypeError::New(v.Env(), std::string(what) + " must be an array of integers");
  auto a = v.As<Napi::Array>();
  if (a.Length() != expected)
    throw Napi::RangeError::New(v.Env(), std::string(what) + " must hold " + std::to_string(expected) + " integers");
  std::vector<int64_t> out(expected);
  for (uint32_t i = 0; i < expected; ++i) out[i] = a.Get(i).As<Napi::Number>().Int64Value();
  return out;
}

std::string key(const char *op, const std::vector<int64_t> &parts) {
  std::string k(op);
  for (auto p : parts) {
    k += ',';
    k += std::to_string(p);
  }
  return k;
}

void Staged::init(const dnnl::memory::desc &u, const dnnl::memory::desc &want, bool toUser) {
  user = u;
  inner = want;
  needs = u != want;
  if (!needs) return;
  scratch = dnnl::memory(want, engine());
  // The reorder's memory objects are rebound each call; build it against placeholders.
  dnnl::memory placeholder(u, engine(), DNNL_MEMORY_NONE);
  if (toUser) out = dnnl::reorder(dnnl::reorder::primitive_desc(scratch, placeholder));
  else in = dnnl::reorder(dnnl::reorder::primitive_desc(placeholder, scratch));
}

dnnl::memory Staged::bring(float *p) {
  if (!needs) return wrap(user, p);
  auto src = wrap(user, p);
  in.execute(stream(), src, scratch);
  return scratch;
}

void Staged::send(float *p) {
  if (!needs) return;
  auto dst = wrap(user, p);
  out.execute(stream(), scratch, dst);
}

}  // namespace onednn
