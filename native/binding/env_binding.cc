// JavaScript surface of the environment: one object per emulator, every screen and RAM
// read written into a caller-provided typed array (no allocation per frame).
#include <napi.h>

#include <cstring>

#include "binding/registry.h"
#include "env/game_table.h"
#include "env/rom_loader.h"
#include "ops/screen_colours.h"

namespace {

std::vector<uint8_t> bytesArg(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (info.Length() <= i || !info[i].IsTypedArray())
    throw Napi::TypeError::New(info.Env(), std::string(what) + " must be a Uint8Array");
  auto arr = info[i].As<Napi::TypedArray>();
  if (arr.TypedArrayType() != napi_uint8_array)
    throw Napi::TypeError::New(info.Env(), std::string(what) + " must be a Uint8Array");
  auto u8 = arr.As<Napi::Uint8Array>();
  return std::vector<uint8_t>(u8.Data(), u8.Data() + u8.ElementLength());
}

Napi::Uint8Array outArg(const Napi::CallbackInfo& info, size_t i, size_t need, const char* what) {
  if (info.Length() <= i || !info[i].IsTypedArray() ||
      info[i].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array)
    throw Napi::TypeError::New(info.Env(), std::string(what) + ": pass a Uint8Array to write into");
  auto out = info[i].As<Napi::Uint8Array>();
  if (out.ElementLength() != need)
    throw Napi::RangeError::New(info.Env(), std::string(what) + ": the output array must have exactly " +
                                                std::to_string(need) + " elements, got " +
                                                std::to_string(out.ElementLength()));
  return out;
}

Napi::Array intArray(Napi::Env env, const std::vector<int>& v) {
  Napi::Array a = Napi::Array::New(env, v.size());
  for (size_t i = 0; i < v.size(); ++i) a.Set(static_cast<uint32_t>(i), v[i]);
  return a;
}

int intOption(const Napi::Object& o, const char* key, int def) {
  if (!o.Has(key) || o.Get(key).IsUndefined()) return def;
  Napi::Value v = o.Get(key);
  if (!v.IsNumber()) throw Napi::TypeError::New(o.Env(), std::string("option ") + key + " must be a number");
  double d = v.As<Napi::Number>().DoubleValue();
  if (d != static_cast<double>(static_cast<long long>(d)))
    throw Napi::TypeError::New(o.Env(), std::string("option ") + key + " must be an integer");
  return static_cast<int>(d);
}

class EnvWrap : public Napi::ObjectWrap<EnvWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "NativeAleEnv", {
        InstanceMethod("reset", &EnvWrap::Reset),
        InstanceMethod("act", &EnvWrap::Act),
        InstanceMethod("lives", &EnvWrap::Lives),
        InstanceMethod("gameOver", &EnvWrap::GameOver),
        InstanceMethod("truncated", &EnvWrap::Truncated),
        InstanceMethod("episodeFrameNumber", &EnvWrap::EpisodeFrame),
        InstanceMethod("frameNumber", &EnvWrap::FrameNumber),
        InstanceMethod("screenHeight", &EnvWrap::ScreenHeight),
        InstanceMethod("isPal", &EnvWrap::IsPal),
        InstanceMethod("close", &EnvWrap::Close),
        InstanceMethod("getScreen", &EnvWrap::GetScreen),
        InstanceMethod("getScreenRGB", &EnvWrap::GetScreenRGB),
        InstanceMethod("getScreenGrayscale", &EnvWrap::GetScreenGray),
        InstanceMethod("getRAM", &EnvWrap::GetRAM),
        InstanceMethod("cloneState", &EnvWrap::CloneState),
        InstanceMethod("restoreState", &EnvWrap::RestoreState),
        InstanceMethod("minimalActions", &EnvWrap::MinimalActions),
        InstanceMethod("modes", &EnvWrap::Modes),
        InstanceMethod("difficulties", &EnvWrap::Difficulties),
        InstanceMethod("setMode", &EnvWrap::SetMode),
        InstanceMethod("setDifficulty", &EnvWrap::SetDifficulty),
        InstanceMethod("info", &EnvWrap::Info),
    });
  }

  explicit EnvWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<EnvWrap>(info) {
    std::vector<uint8_t> rom = bytesArg(info, 0, "rom");
    if (info.Length() < 2 || !info[1].IsString()) throw Napi::TypeError::New(info.Env(), "md5 must be a string");
    std::string md5 = info[1].As<Napi::String>().Utf8Value();
    Napi::Object o = info.Length() > 2 && info[2].IsObject() ? info[2].As<Napi::Object>() : Napi::Object::New(info.Env());
    env::EnvConfig cfg;
    cfg.seed = static_cast<uint32_t>(intOption(o, "seed", 0));
    cfg.frameSkip = intOption(o, "frameSkip", 1);
    if (o.Has("repeatActionProbability") && !o.Get("repeatActionProbability").IsUndefined()) {
      if (!o.Get("repeatActionProbability").IsNumber())
        throw Napi::TypeError::New(info.Env(), "option repeatActionProbability must be a number");
      cfg.repeatActionProbability = o.Get("repeatActionProbability").As<Napi::Number>().DoubleValue();
    }
    cfg.maxFramesPerEpisode = intOption(o, "maxFramesPerEpisode", 0);
    cfg.truncateOnLossOfLife = o.Has("truncateOnLossOfLife") && o.Get("truncateOnLossOfLife").ToBoolean();
    cfg.mode = intOption(o, "mode", -1);
    cfg.difficulty = intOption(o, "difficulty", 0);
    if (o.Has("lazyScreens") && !o.Get("lazyScreens").IsUndefined()) cfg.lazyScreens = o.Get("lazyScreens").ToBoolean();
    try {
      env_ = env::createEnv(rom, md5, cfg);
    } catch (const std::exception& e) {
      throw Napi::Error::New(info.Env(), e.what());
    }
  }

 private:
  Napi::Value Reset(const Napi::CallbackInfo& info) {
    env_->reset();
    return info.Env().Undefined();
  }
  Napi::Value Act(const Napi::CallbackInfo& info) {
    if (info.Length() < 1 || !info[0].IsNumber()) throw Napi::TypeError::New(info.Env(), "act(action): action must be a number");
    int a = info[0].As<Napi::Number>().Int32Value();
    if (a < 0 || a >= env::kNumActions)
      throw Napi::RangeError::New(info.Env(), "act(action): action " + std::to_string(a) + " is not an ALE action id (0..17)");
    float strength = info.Length() > 1 && info[1].IsNumber() ? info[1].As<Napi::Number>().FloatValue() : 1.0f;
    return Napi::Number::New(info.Env(), env_->act(a, strength));
  }
  Napi::Value Lives(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), env_->lives()); }
  Napi::Value GameOver(const Napi::CallbackInfo& info) {
    bool withTruncation = info.Length() < 1 || info[0].IsUndefined() || info[0].ToBoolean();
    return Napi::Boolean::New(info.Env(), env_->gameOver(withTruncation));
  }
  Napi::Value Truncated(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), env_->truncated()); }
  Napi::Value EpisodeFrame(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), env_->episodeFrameNumber()); }
  Napi::Value FrameNumber(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), env_->frameNumber()); }
  Napi::Value ScreenHeight(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), env_->screenHeight()); }
  // Frees the emulator now rather than at garbage collection; the TypeScript wrapper refuses later calls.
  Napi::Value Close(const Napi::CallbackInfo& info) {
    env_.reset();
    return info.Env().Undefined();
  }
  Napi::Value IsPal(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), env_->console().isPal()); }

  size_t pixels() const { return static_cast<size_t>(env_->screenHeight()) * 160; }

  Napi::Value GetScreen(const Napi::CallbackInfo& info) {
    auto out = outArg(info, 0, pixels(), "getScreen");
    std::memcpy(out.Data(), env_->screen(), pixels());
    return out;
  }
  Napi::Value GetScreenRGB(const Napi::CallbackInfo& info) {
    auto out = outArg(info, 0, pixels() * 3, "getScreenRGB");
    converter_.toRgb(env_->screen(), env_->screenHeight(), env_->console().isPal(), out.Data());
    return out;
  }
  Napi::Value GetScreenGray(const Napi::CallbackInfo& info) {
    auto out = outArg(info, 0, pixels(), "getScreenGrayscale");
    converter_.toGray(env_->screen(), env_->screenHeight(), env_->console().isPal(), out.Data());
    return out;
  }
  Napi::Value GetRAM(const Napi::CallbackInfo& info) {
    auto out = outArg(info, 0, 128, "getRAM");
    env_->readRam(out.Data());
    return out;
  }
  Napi::Value CloneState(const Napi::CallbackInfo& info) {
    bool includeRng = info.Length() > 0 && info[0].ToBoolean();
    std::vector<uint8_t> s = env_->cloneState(includeRng);
    return Napi::Buffer<uint8_t>::Copy(info.Env(), s.data(), s.size());
  }
  Napi::Value RestoreState(const Napi::CallbackInfo& info) {
    std::vector<uint8_t> s = bytesArg(info, 0, "state");
    try {
      env_->restoreState(s.data(), s.size());
    } catch (const std::exception& e) {
      throw Napi::Error::New(info.Env(), std::string("restoreState: ") + e.what() +
                                             " (pass a state returned by cloneState() of an env for the same game)");
    }
    return info.Env().Undefined();
  }
  Napi::Value MinimalActions(const Napi::CallbackInfo& info) { return intArray(info.Env(), env_->gameEntry().minimalActions); }
  Napi::Value Modes(const Napi::CallbackInfo& info) { return intArray(info.Env(), env_->game().modes()); }
  Napi::Value Difficulties(const Napi::CallbackInfo& info) { return intArray(info.Env(), env_->game().difficulties()); }
  Napi::Value SetMode(const Napi::CallbackInfo& info) {
    try { env_->setMode(info[0].As<Napi::Number>().Int32Value()); }
    catch (const std::exception& e) { throw Napi::RangeError::New(info.Env(), e.what()); }
    return info.Env().Undefined();
  }
  Napi::Value SetDifficulty(const Napi::CallbackInfo& info) {
    try { env_->setDifficulty(info[0].As<Napi::Number>().Int32Value()); }
    catch (const std::exception& e) { throw Napi::RangeError::New(info.Env(), e.what()); }
    return info.Env().Undefined();
  }
  Napi::Value Info(const Napi::CallbackInfo& info) {
    Napi::Object o = Napi::Object::New(info.Env());
    o.Set("gameId", env_->game().id());
    o.Set("cartType", env_->console().cartType());
    o.Set("paddles", env_->usesPaddles());
    o.Set("pal", env_->console().isPal());
    o.Set("mode", env_->mode());
    o.Set("difficulty", env_->difficulty());
    o.Set("defaultMode", env_->game().defaultMode());
    return o;
  }

  std::unique_ptr<env::AleEnv> env_;
  ops::ScreenConverter converter_;  // reuses the rows of the last screen read that did not change
};

// gameForMd5(md5) -> game id or null
Napi::Value GameForMd5(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsString()) throw Napi::TypeError::New(info.Env(), "md5 must be a string");
  std::string id = env::gameIdForMd5(info[0].As<Napi::String>().Utf8Value());
  return id.empty() ? info.Env().Null() : Napi::String::New(info.Env(), id);
}

// listGames() -> [{ id, md5, minimalActions, startingActions, modes, defaultMode, difficulties }]:
// the playable games of the table.
Napi::Value ListGames(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Array out = Napi::Array::New(env);
  for (const env::GameEntry& e : env::gameTable()) {
    if (!e.playable()) continue;
    std::unique_ptr<env::Game> g = env::createGame(e);
    Napi::Object o = Napi::Object::New(env);
    o.Set("id", e.id);
    o.Set("md5", e.md5s.front());
    o.Set("minimalActions", intArray(env, e.minimalActions));
    o.Set("startingActions", intArray(env, g->startingActions()));
    o.Set("modes", intArray(env, g->modes()));
    o.Set("defaultMode", g->defaultMode());
    o.Set("difficulties", intArray(env, g->difficulties()));
    out.Set(out.Length(), o);
  }
  return out;
}

// gameTable() -> [{ id, md5s, controller: 'joystick' | 'paddles', playable }]: every row, the ROMs
// ALE lists without playing them included.
Napi::Value GameTable(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Array out = Napi::Array::New(env);
  for (const env::GameEntry& e : env::gameTable()) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("id", e.id);
    Napi::Array md5s = Napi::Array::New(env, e.md5s.size());
    for (size_t i = 0; i < e.md5s.size(); ++i) md5s.Set(static_cast<uint32_t>(i), e.md5s[i]);
    o.Set("md5s", md5s);
    o.Set("controller", e.controller == env::kPaddles ? "paddles" : "joystick");
    o.Set("playable", e.playable());
    out.Set(out.Length(), o);
  }
  return out;
}

}  // namespace

void RegisterEnv(Napi::Env env, Napi::Object exports) {
  exports.Set("NativeAleEnv", EnvWrap::Define(env));
  exports.Set("gameForMd5", Napi::Function::New(env, GameForMd5));
  exports.Set("listGames", Napi::Function::New(env, ListGames));
  exports.Set("gameTable", Napi::Function::New(env, GameTable));
}
