// The oneDNN addon: native kernels for the `onednn` TensorFlow.js backend (src/tf/onednn/). A
// separate addon from the emulator's, built only where oneDNN and OpenBLAS are installed.
#include <cblas.h>
#include <omp.h>

#include "tf/onednn_common.h"

namespace {

Napi::Value Info(const Napi::CallbackInfo &info) {
  auto env = info.Env();
  const dnnl_version_t *v = dnnl_version();
  auto o = Napi::Object::New(env);
  o.Set("onednn", std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch));
  o.Set("openblas", openblas_get_config());
  o.Set("threads", omp_get_max_threads());
  o.Set("isa", dnnl_get_effective_cpu_isa() >= dnnl_cpu_isa_avx512_core ? "avx512" : dnnl_get_effective_cpu_isa() >= dnnl_cpu_isa_avx2 ? "avx2" : "sse41");
  return o;
}

Napi::Value SetThreads(const Napi::CallbackInfo &info) {
  const int n = info[0].As<Napi::Number>().Int32Value();
  if (n < 1) throw Napi::RangeError::New(info.Env(), "thread count must be at least 1");
  omp_set_num_threads(n);
  return info.Env().Undefined();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("info", Napi::Function::New(env, Info));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads));
  onednn::registerConv(env, exports);
  onednn::registerMatMul(env, exports);
  onednn::registerElementwise(env, exports);
  onednn::registerAdam(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(atari_onednn, Init)
