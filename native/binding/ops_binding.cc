// Preprocessing for the Atari pipelines, on raw screens (palette indices) or RGB/gray images,
// written into caller-provided arrays.
#include <napi.h>

#include <map>
#include <memory>
#include <tuple>

#include "binding/registry.h"
#include "ops/preprocess.h"
#include "ops/warp.h"

namespace {

Napi::Uint8Array u8(const Napi::CallbackInfo& info, size_t i, const char* name, size_t need = 0) {
  if (info.Length() <= i || !info[i].IsTypedArray() || info[i].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array)
    throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a Uint8Array");
  auto a = info[i].As<Napi::Uint8Array>();
  if (need && a.ElementLength() != need)
    throw Napi::RangeError::New(info.Env(), std::string(name) + " must have " + std::to_string(need) + " elements, got " + std::to_string(a.ElementLength()));
  return a;
}

int intArg(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (info.Length() <= i || !info[i].IsNumber()) throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a number");
  int v = info[i].As<Napi::Number>().Int32Value();
  if (v <= 0) throw Napi::RangeError::New(info.Env(), std::string(name) + " must be positive");
  return v;
}

// Per thread: resizers and warpers keep scratch (and warpers the previous frame) between calls.
ops::AreaResizer& resizer(int sw, int sh, int dw, int dh, int ch) {
  static thread_local std::map<std::tuple<int, int, int, int, int>, std::unique_ptr<ops::AreaResizer>> cache;
  auto& r = cache[{sw, sh, dw, dh, ch}];
  if (!r) r = std::make_unique<ops::AreaResizer>(sw, sh, dw, dh, ch);
  return *r;
}

// grayCv(rgb, out): cv2.cvtColor(RGB2GRAY)
Napi::Value GrayCv(const Napi::CallbackInfo& info) {
  auto rgb = u8(info, 0, "rgb");
  if (rgb.ElementLength() % 3) throw Napi::RangeError::New(info.Env(), "rgb length must be a multiple of 3");
  auto out = u8(info, 1, "out", rgb.ElementLength() / 3);
  const uint8_t* s = rgb.Data();
  for (size_t i = 0, n = out.ElementLength(); i < n; ++i, s += 3) out[i] = ops::grayCv(s[0], s[1], s[2]);
  return out;
}

// resizeArea(src, srcW, srcH, channels, dstW, dstH, out, reference?): cv2.resize(INTER_AREA); reference
// takes the general path only (to check the faster one against it)
Napi::Value ResizeArea(const Napi::CallbackInfo& info) {
  int sw = intArg(info, 1, "srcW"), sh = intArg(info, 2, "srcH"), ch = intArg(info, 3, "channels");
  int dw = intArg(info, 4, "dstW"), dh = intArg(info, 5, "dstH");
  if (ch > 4) throw Napi::RangeError::New(info.Env(), "channels must be 1..4");
  auto src = u8(info, 0, "src", static_cast<size_t>(sw) * sh * ch);
  auto out = u8(info, 6, "out", static_cast<size_t>(dw) * dh * ch);
  const bool reference = info.Length() > 7 && info[7].ToBoolean();
  if (reference) resizer(sw, sh, dw, dh, ch).runReference(src.Data(), out.Data());
  else resizer(sw, sh, dw, dh, ch).run(src.Data(), out.Data());
  return out;
}

// maxPool(a, b, out): element-wise maximum
Napi::Value MaxPool(const Napi::CallbackInfo& info) {
  auto a = u8(info, 0, "a");
  auto b = u8(info, 1, "b", a.ElementLength());
  auto out = u8(info, 2, "out", a.ElementLength());
  for (size_t i = 0, n = a.ElementLength(); i < n; ++i) out[i] = a[i] > b[i] ? a[i] : b[i];
  return out;
}

// warpScreen(screen, prev|null, convention, size, out, palette?): the DeepMind frame from raw screens
// (rows of 160 palette indices; palette 'PAL' for PAL cartridges, NTSC otherwise). 'sb3': max of the two RGB screens, OpenCV gray, area resize. 'gym': max of ALE's gray
// screens, area resize.
Napi::Value WarpScreen(const Napi::CallbackInfo& info) {
  auto screen = u8(info, 0, "screen");
  if (screen.ElementLength() % 160) throw Napi::RangeError::New(info.Env(), "screen must be rows of 160 palette indices");
  int h = static_cast<int>(screen.ElementLength() / 160);
  bool hasPrev = info.Length() > 1 && info[1].IsTypedArray();
  Napi::Uint8Array prev = hasPrev ? u8(info, 1, "prev", screen.ElementLength()) : screen;
  if (info.Length() < 3 || !info[2].IsString()) throw Napi::TypeError::New(info.Env(), "convention must be 'sb3' or 'gym'");
  std::string conv = info[2].As<Napi::String>().Utf8Value();
  if (conv != "sb3" && conv != "gym") throw Napi::RangeError::New(info.Env(), "convention must be 'sb3' or 'gym', got '" + conv + "'");
  int size = intArg(info, 3, "size");
  auto out = u8(info, 4, "out", static_cast<size_t>(size) * size);
  const bool pal = info.Length() > 5 && info[5].IsString() && info[5].As<Napi::String>().Utf8Value() == "PAL";
  static thread_local std::map<std::tuple<int, int, bool, bool>, std::unique_ptr<ops::ScreenWarper>> warpers;
  auto& w = warpers[{h, size, conv == "sb3", pal}];
  if (!w) w = std::make_unique<ops::ScreenWarper>(h, size, conv == "sb3" ? ops::WarpConvention::kSb3 : ops::WarpConvention::kGym, pal);
  w->warp(screen.Data(), prev.Data(), out.Data());
  return out;
}

}  // namespace

void RegisterOps(Napi::Env env, Napi::Object exports) {
  exports.Set("grayCv", Napi::Function::New(env, GrayCv));
  exports.Set("resizeArea", Napi::Function::New(env, ResizeArea));
  exports.Set("maxPool", Napi::Function::New(env, MaxPool));
  exports.Set("warpScreen", Napi::Function::New(env, WarpScreen));
}
