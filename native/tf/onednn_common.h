// Shared pieces of the oneDNN kernels: one CPU engine and stream for the process, a primitive
// cache keyed by shapes and attributes, and checked access to the Float32Arrays tfjs's cpu
// storage holds (kernels read and write them in place).
#pragma once
#include <napi.h>

#include <oneapi/dnnl/dnnl.hpp>

#include <array>
#include <cmath>
#include <cstdint>
#include <utility>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace onednn {

dnnl::engine &engine();
dnnl::stream &stream();

using dims = dnnl::memory::dims;

// A kernel's input or output: the Float32Array's own memory, with its element count checked.
float *floats(const Napi::Value &v, size_t expected, const char *what);
// Reads a JS array of integers.
std::vector<int64_t> ints(const Napi::Value &v, size_t expected, const char *what);

std::string key(const char *op, const std::vector<int64_t> &parts);

// Primitives (and the reorders and scratch memory around them) are built once per shape: building
// one costs far more than running it at these sizes.
template <typename T>
T &cached(std::unordered_map<std::string, std::unique_ptr<T>> &cache, const std::string &k,
          std::unique_ptr<T> (*make)(const std::vector<int64_t> &), const std::vector<int64_t> &p) {
  auto it = cache.find(k);
  if (it != cache.end()) return *it->second;
  // Unbounded growth would only come from ever-changing shapes; start over past a generous size.
  if (cache.size() > 512) cache.clear();
  return *cache.emplace(k, make(p)).first->second;
}

// Wraps caller memory in a dnnl::memory of the given plain layout (no copy).
inline dnnl::memory wrap(const dnnl::memory::desc &md, float *p) { return dnnl::memory(md, engine(), p); }

// If the primitive wants another layout than the caller's, a reorder into scratch memory of
// that layout (made once); otherwise the caller's memory is used as it is.
struct Staged {
  dnnl::memory::desc user, inner;
  bool needs = false;
  dnnl::memory scratch;
  dnnl::reorder in, out;
  void init(const dnnl::memory::desc &u, const dnnl::memory::desc &want, bool toUser);
  dnnl::memory mem(float *p) { return needs ? scratch : wrap(user, p); }
  dnnl::memory bring(float *p);         // caller -> primitive layout (an input)
  void send(float *p);                  // primitive layout -> caller (an output, after the primitive ran)
};

void registerConv(Napi::Env env, Napi::Object exports);
void registerMatMul(Napi::Env env, Napi::Object exports);
void registerElementwise(Napi::Env env, Napi::Object exports);
void registerAdam(Napi::Env env, Napi::Object exports);

struct Float32Span {
  float *p;
  int64_t n;
};

}  // namespace onednn
