// JavaScript surface of the native vector env (env/vector_env.h): the result arrays are allocated
// here once and handed to JS; step() fills them in place on the calling thread plus the pool, and
// stepAsync() does the same from a libuv worker so that the JS thread goes on meanwhile.
#include <napi.h>

#include <memory>
#include <mutex>
#include <string>

#include "binding/registry.h"
#include "env/rng.h"
#include "env/vector_env.h"

namespace {

int intField(const Napi::Object& o, const char* key, int def, int min, int max) {
  if (!o.Has(key) || o.Get(key).IsUndefined()) return def;
  Napi::Value v = o.Get(key);
  double d = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : -1.5;
  if (!v.IsNumber() || d != static_cast<double>(static_cast<long long>(d)) || d < min || d > max)
    throw Napi::RangeError::New(o.Env(), std::string(key) + " must be an integer within " + std::to_string(min) + ".." +
                                             std::to_string(max));
  return static_cast<int>(d);
}

bool boolField(const Napi::Object& o, const char* key, bool def) {
  return !o.Has(key) || o.Get(key).IsUndefined() ? def : o.Get(key).ToBoolean().Value();
}

template <typename Array>
Array typedArg(const Napi::CallbackInfo& info, size_t i, napi_typedarray_type type, const char* what, size_t need) {
  if (info.Length() <= i || !info[i].IsTypedArray() || info[i].As<Napi::TypedArray>().TypedArrayType() != type)
    throw Napi::TypeError::New(info.Env(), std::string(what));
  Array a = info[i].As<Array>();
  if (a.ElementLength() != need)
    throw Napi::RangeError::New(info.Env(), std::string(what) + ": need " + std::to_string(need) + " entries (one per env), got " +
                                                std::to_string(a.ElementLength()));
  return a;
}

class VectorEnvWrap;

// stepAsync(): the batch runs on a libuv worker thread (which takes slice 0) and the pool.
class StepWorker : public Napi::AsyncWorker {
 public:
  StepWorker(Napi::Env env, VectorEnvWrap* owner, Napi::Object self)
      : Napi::AsyncWorker(env, "AtariVectorEnv.stepAsync"), owner_(owner), self_(Napi::Persistent(self)),
        deferred_(Napi::Promise::Deferred::New(env)) {}
  Napi::Promise promise() const { return deferred_.Promise(); }
  void Execute() override;
  void OnOK() override;
  void OnError(const Napi::Error& e) override;

 private:
  VectorEnvWrap* owner_;
  Napi::ObjectReference self_;  // keeps the env alive while the step runs
  Napi::Promise::Deferred deferred_;
};

class VectorEnvWrap : public Napi::ObjectWrap<VectorEnvWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "NativeVectorEnv", {
        InstanceMethod("buffers", &VectorEnvWrap::Buffers),
        InstanceMethod("reset", &VectorEnvWrap::Reset),
        InstanceMethod("step", &VectorEnvWrap::Step),
        InstanceMethod("stepAsync", &VectorEnvWrap::StepAsync),
        InstanceMethod("close", &VectorEnvWrap::Close),
        InstanceMethod("failNextStepForTesting", &VectorEnvWrap::FailNextStep),
        InstanceAccessor("inFlight", &VectorEnvWrap::InFlight, nullptr),
    });
  }

  // new NativeVectorEnv(rom, md5, config): config as built by src/env/vector.ts.
  explicit VectorEnvWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<VectorEnvWrap>(info) {
    Napi::Env env = info.Env();
    if (info.Length() < 3 || !info[0].IsTypedArray() || !info[1].IsString() || !info[2].IsObject())
      throw Napi::TypeError::New(env, "NativeVectorEnv(rom: Uint8Array, md5: string, config: object)");
    auto romArr = info[0].As<Napi::Uint8Array>();
    std::vector<uint8_t> rom(romArr.Data(), romArr.Data() + romArr.ElementLength());
    std::string md5 = info[1].As<Napi::String>().Utf8Value();
    Napi::Object o = info[2].As<Napi::Object>();

    const int numEnvs = intField(o, "numEnvs", 1, 1, 4096);
    const int numThreads = intField(o, "numThreads", 1, 1, numEnvs);
    env::PipelineConfig cfg;
    if (!o.Get("actions").IsArray()) throw Napi::TypeError::New(env, "config.actions must be an array of ALE action ids");
    Napi::Array acts = o.Get("actions").As<Napi::Array>();
    for (uint32_t i = 0; i < acts.Length(); ++i) {
      Napi::Value a = acts.Get(i);
      int id = a.IsNumber() ? a.As<Napi::Number>().Int32Value() : -1;
      if (id < 0 || id >= env::kNumActions) throw Napi::RangeError::New(env, "config.actions holds ALE action ids 0..17");
      cfg.actions.push_back(id);
    }
    cfg.frameskipMin = intField(o, "frameskipMin", 1, 1, 1 << 20);
    cfg.frameskipMax = intField(o, "frameskipMax", 0, 0, 1 << 20);
    if (cfg.frameskipMax != 0 && cfg.frameskipMax <= cfg.frameskipMin)
      throw Napi::RangeError::New(env, "frameskipMax must be 0 (fixed skip) or > frameskipMin");
    cfg.maxEpisodeSteps = intField(o, "maxEpisodeSteps", 0, 0, 1 << 30);
    cfg.ale.repeatActionProbability = o.Has("repeatActionProbability") && o.Get("repeatActionProbability").IsNumber()
                                          ? o.Get("repeatActionProbability").As<Napi::Number>().DoubleValue()
                                          : 0.25;
    cfg.ale.maxFramesPerEpisode = intField(o, "maxFramesPerEpisode", 0, 0, 1 << 30);
    cfg.ale.mode = intField(o, "mode", -1, -1, 255);
    cfg.ale.difficulty = intField(o, "difficulty", 0, 0, 255);
    cfg.noopMax = intField(o, "noopMax", 30, 1, 1 << 20);
    cfg.skip = intField(o, "frameSkip", 4, 1, 1 << 20);
    cfg.episodicLife = boolField(o, "episodicLife", true);
    cfg.fireReset = boolField(o, "fireReset", true);
    cfg.clipRewards = boolField(o, "clipRewards", true);
    cfg.stack = intField(o, "frameStack", 4, 1, 64);
    cfg.size = intField(o, "size", 84, 1, 1024);

    const size_t n = numEnvs, stackBytes = static_cast<size_t>(cfg.stack) * cfg.size * cfg.size;
    Napi::Object bufs = Napi::Object::New(env);
    env::VectorBuffers out;
    out.observations = array<uint8_t>(bufs, "observations", n * stackBytes);
    out.finalObservations = array<uint8_t>(bufs, "finalObservations", n * stackBytes);
    out.hasFinalObservation = array<uint8_t>(bufs, "hasFinalObservation", n);
    out.rewards = array<float>(bufs, "rewards", n);
    out.rawRewards = array<float>(bufs, "rawRewards", n);
    out.terminated = array<uint8_t>(bufs, "terminated", n);
    out.truncated = array<uint8_t>(bufs, "truncated", n);
    out.lives = array<int32_t>(bufs, "lives", n);
    out.episodeEnded = array<uint8_t>(bufs, "episodeEnded", n);
    out.episodeReturns = array<double>(bufs, "episodeReturns", n);
    out.episodeLengths = array<int32_t>(bufs, "episodeLengths", n);
    buffers_ = Napi::Persistent(bufs);
    try {
      vec_ = std::make_unique<env::VectorEnv>(rom, md5, cfg, numEnvs, numThreads, out);
    } catch (const std::exception& e) {
      throw Napi::Error::New(env, e.what());
    }
    actions_.resize(n);
    seeded_.resize(n);
    seeds_.resize(n);
  }

  // A step still running (only possible while the process shuts down) finishes first.
  ~VectorEnvWrap() override {
    std::lock_guard<std::mutex> lock(running_);
    vec_.reset();
  }

  // On the JS thread for step(), on a libuv worker for stepAsync().
  std::string runStep() {
    std::lock_guard<std::mutex> lock(running_);
    return vec_->step(actions_.data());
  }
  void finishAsync() { inFlight_ = false; }

 private:
  template <typename T>
  T* array(Napi::Object& bufs, const char* name, size_t n) {
    Napi::ArrayBuffer ab = Napi::ArrayBuffer::New(bufs.Env(), n * sizeof(T));
    bufs.Set(name, Napi::TypedArrayOf<T>::New(bufs.Env(), n, ab, 0));
    arrayBuffers_.push_back(Napi::Persistent(ab));
    return static_cast<T*>(ab.Data());
  }

  // Every call checks the env is usable; the messages say what to do instead.
  void usable(const Napi::Env& env) {
    if (!vec_) throw Napi::Error::New(env, "this AtariVectorEnv is closed; create a new one");
    if (inFlight_) throw Napi::Error::New(env, "a stepAsync() of this AtariVectorEnv is still running; await its promise first");
    for (auto& ab : arrayBuffers_)
      if (ab.Value().IsDetached())
        throw Napi::Error::New(env, "the env's result arrays were transferred (detached); copy them instead of transferring");
  }

  void readActions(const Napi::CallbackInfo& info) {
    if (!resetDone_) throw Napi::Error::New(info.Env(), "call reset() before step()");
    auto a = typedArg<Napi::Int32Array>(info, 0, napi_int32_array, "actions must be an Int32Array", actions_.size());
    const int n = vec_->numActions();
    for (size_t i = 0; i < actions_.size(); ++i) {
      const int32_t v = a[i];
      if (v < 0 || v >= n)
        throw Napi::RangeError::New(info.Env(), "actions[" + std::to_string(i) + "] = " + std::to_string(v) +
                                                    " is outside the action space Discrete(" + std::to_string(n) +
                                                    "): use 0.." + std::to_string(n - 1));
      actions_[i] = v;
    }
  }

  Napi::Value Buffers(const Napi::CallbackInfo& info) { return buffers_.Value(); }

  // reset(seeded: Uint8Array, seeds: Uint32Array)
  Napi::Value Reset(const Napi::CallbackInfo& info) {
    usable(info.Env());
    auto seeded = typedArg<Napi::Uint8Array>(info, 0, napi_uint8_array, "reset: seeded must be a Uint8Array", seeded_.size());
    auto seeds = typedArg<Napi::Uint32Array>(info, 1, napi_uint32_array, "reset: seeds must be a Uint32Array", seeds_.size());
    for (size_t i = 0; i < seeded_.size(); ++i) {
      seeded_[i] = seeded[i];
      seeds_[i] = seeds[i];
    }
    std::string err = vec_->reset(seeded_.data(), seeds_.data());
    if (!err.empty()) throw Napi::Error::New(info.Env(), "reset failed: " + err);
    resetDone_ = true;
    return info.Env().Undefined();
  }

  Napi::Value Step(const Napi::CallbackInfo& info) {
    usable(info.Env());
    readActions(info);
    std::string err = runStep();
    if (!err.empty()) throw Napi::Error::New(info.Env(), "step failed: " + err);
    return info.Env().Undefined();
  }

  Napi::Value StepAsync(const Napi::CallbackInfo& info) {
    usable(info.Env());
    readActions(info);
    auto* w = new StepWorker(info.Env(), this, info.This().As<Napi::Object>());
    Napi::Promise p = w->promise();
    inFlight_ = true;
    w->Queue();
    return p;
  }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    if (inFlight_) throw Napi::Error::New(info.Env(), "a stepAsync() of this AtariVectorEnv is still running; await it before close()");
    vec_.reset();
    return info.Env().Undefined();
  }

  Napi::Value FailNextStep(const Napi::CallbackInfo& info) {
    usable(info.Env());
    if (inFlight_) throw Napi::Error::New(info.Env(), "a stepAsync() of this AtariVectorEnv is still running");
    const int i = info[0].As<Napi::Number>().Int32Value();
    if (i < 0 || i >= vec_->numEnvs()) throw Napi::RangeError::New(info.Env(), "failNextStepForTesting(i): no such env");
    vec_->failNextStep(i);
    return info.Env().Undefined();
  }

  Napi::Value InFlight(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), inFlight_); }

  std::unique_ptr<env::VectorEnv> vec_;
  Napi::ObjectReference buffers_;
  std::vector<Napi::Reference<Napi::ArrayBuffer>> arrayBuffers_;
  std::vector<int32_t> actions_;
  std::vector<uint8_t> seeded_;
  std::vector<uint32_t> seeds_;
  bool inFlight_ = false;
  bool resetDone_ = false;
  std::mutex running_;
};


void StepWorker::Execute() {
  std::string err = owner_->runStep();
  if (!err.empty()) SetError("step failed: " + err);
}
void StepWorker::OnOK() {
  owner_->finishAsync();
  deferred_.Resolve(Env().Undefined());
}
void StepWorker::OnError(const Napi::Error& e) {
  owner_->finishAsync();
  deferred_.Reject(e.Value());
}

// nativeRngIntegers(seed, low, high, n): the first n draws of env::Rng, to check it against src/env/rng.ts.
Napi::Value NativeRngIntegers(const Napi::CallbackInfo& info) {
  env::Rng rng(info[0].As<Napi::Number>().Uint32Value());
  const int low = info[1].As<Napi::Number>().Int32Value(), high = info[2].As<Napi::Number>().Int32Value();
  const uint32_t n = info[3].As<Napi::Number>().Uint32Value();
  Napi::Array out = Napi::Array::New(info.Env(), n);
  for (uint32_t i = 0; i < n; ++i) out.Set(i, Napi::Number::New(info.Env(), rng.integers(low, high)));
  return out;
}

}  // namespace

void RegisterVectorEnv(Napi::Env env, Napi::Object exports) {
  exports.Set("NativeVectorEnv", VectorEnvWrap::Define(env));
  exports.Set("nativeRngIntegers", Napi::Function::New(env, NativeRngIntegers));
}
