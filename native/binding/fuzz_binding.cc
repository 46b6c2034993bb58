// Test-only: run a bare console on any image, without a game definition, to check that
// arbitrary bytes give an error or a halted CPU and never take the process down.
#include <napi.h>

#include "binding/registry.h"
#include "emu/cart.h"
#include "emu/console.h"

namespace {

// runRawConsole(image, frames) -> { cartType, halted } ; throws for an image no scheme accepts.
Napi::Value RunRawConsole(const Napi::CallbackInfo& info) {
  if (info.Length() < 2 || !info[0].IsTypedArray() || !info[1].IsNumber())
    throw Napi::TypeError::New(info.Env(), "runRawConsole(image: Uint8Array, frames: number)");
  auto img = info[0].As<Napi::Uint8Array>();
  int frames = info[1].As<Napi::Number>().Int32Value();
  try {
    emu::ConsoleConfig cfg;
    emu::Console console(img.Data(), img.ElementLength(), cfg);
    for (int i = 0; i < frames; ++i) console.frame();
    Napi::Object r = Napi::Object::New(info.Env());
    r.Set("cartType", console.cartType());
    r.Set("halted", console.cpuHalted());
    return r;
  } catch (const std::exception& e) {
    throw Napi::Error::New(info.Env(), e.what());
  }
}

// detectCartType(image) -> the scheme the reference would pick, or an "Unrecognized ..." message.
Napi::Value DetectCartType(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsTypedArray()) throw Napi::TypeError::New(info.Env(), "detectCartType(image: Uint8Array)");
  auto img = info[0].As<Napi::Uint8Array>();
  return Napi::String::New(info.Env(), emu::detectCartType(img.Data(), img.ElementLength()));
}

}  // namespace

void RegisterFuzz(Napi::Env env, Napi::Object exports) {
  exports.Set("runRawConsole", Napi::Function::New(env, RunRawConsole));
  exports.Set("detectCartType", Napi::Function::New(env, DetectCartType));
}
