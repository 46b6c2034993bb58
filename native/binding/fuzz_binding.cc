// Test-only: run a bare console on any image, without a game definition, to check that
// arbitrary bytes give an error or a halted CPU and never take the process down.
#include <napi.h>

#include "binding/registry.h"
#include "emu/cart.h"
#include "emu/console.h"

namespace {

// The RIOT's 128 bytes of RAM, as the CPU reads them at $80-$FF.
void readRam(emu::Console& console, uint8_t* out) {
  for (int k = 0; k < 128; ++k) out[k] = console.system().peek(static_cast<uint16_t>(0x80 + k));
}

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

// runRawConsoleFrames(image, frames, skipTimerWaits) -> { ram, scanlines, cycles, screen, skipped, halted }:
// the RAM, scanline count and cycle count after every frame and the last screen, for comparing runs with and
// without the CPU's skipping of timer-polling loops.
Napi::Value RunRawConsoleFrames(const Napi::CallbackInfo& info) {
  if (info.Length() < 3 || !info[0].IsTypedArray() || !info[1].IsNumber() || !info[2].IsBoolean())
    throw Napi::TypeError::New(info.Env(), "runRawConsoleFrames(image: Uint8Array, frames: number, skipTimerWaits: boolean)");
  auto img = info[0].As<Napi::Uint8Array>();
  int frames = info[1].As<Napi::Number>().Int32Value();
  if (frames < 0 || frames > 100000) throw Napi::RangeError::New(info.Env(), "frames must be in 0..100000");
  try {
    emu::ConsoleConfig cfg;
    cfg.skipTimerWaits = info[2].As<Napi::Boolean>().Value();
    emu::Console console(img.Data(), img.ElementLength(), cfg);
    auto ram = Napi::Buffer<uint8_t>::New(info.Env(), static_cast<size_t>(frames) * 128);
    auto lines = Napi::Array::New(info.Env(), frames);
    auto cycles = Napi::Array::New(info.Env(), frames);
    for (int i = 0; i < frames; ++i) {
      console.frame();
      readRam(console, ram.Data() + i * 128);
      lines.Set(i, console.tia().scanlines());
      cycles.Set(i, console.system().cycles());
    }
    Napi::Object r = Napi::Object::New(info.Env());
    r.Set("ram", ram);
    r.Set("scanlines", lines);
    r.Set("cycles", cycles);
    r.Set("screen", Napi::Buffer<uint8_t>::Copy(info.Env(), console.screen(), 160 * console.screenHeight()));
    r.Set("skipped", static_cast<double>(console.cpu().skippedWaitIterations()));
    r.Set("halted", console.cpuHalted());
    return r;
  } catch (const std::exception& e) {
    throw Napi::Error::New(info.Env(), e.what());
  }
}

// rawConsoleRoundTrip(image, before, after) -> { continued, restored }: the RAM after each of
// `after` frames that follow `before` frames, once straight on and once in a fresh console
// loaded with the state saved after `before` frames.
Napi::Value RawConsoleRoundTrip(const Napi::CallbackInfo& info) {
  if (info.Length() < 3 || !info[0].IsTypedArray() || !info[1].IsNumber() || !info[2].IsNumber())
    throw Napi::TypeError::New(info.Env(), "rawConsoleRoundTrip(image: Uint8Array, before: number, after: number)");
  auto img = info[0].As<Napi::Uint8Array>();
  int before = info[1].As<Napi::Number>().Int32Value(), after = info[2].As<Napi::Number>().Int32Value();
  if (before < 0 || after < 0 || before > 100000 || after > 100000)
    throw Napi::RangeError::New(info.Env(), "before and after must be in 0..100000");
  try {
    emu::ConsoleConfig cfg;
    auto record = [&](emu::Console& c) {
      auto ram = Napi::Buffer<uint8_t>::New(info.Env(), static_cast<size_t>(after) * 128);
      for (int i = 0; i < after; ++i) {
        c.frame();
        readRam(c, ram.Data() + i * 128);
      }
      return ram;
    };
    emu::Console first(img.Data(), img.ElementLength(), cfg);
    for (int i = 0; i < before; ++i) first.frame();
    emu::StateWriter w;
    first.save(w);
    Napi::Object r = Napi::Object::New(info.Env());
    r.Set("continued", record(first));
    emu::Console second(img.Data(), img.ElementLength(), cfg);
    emu::StateReader in(w.data().data(), w.data().size());
    second.load(in);
    r.Set("restored", record(second));
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
  exports.Set("runRawConsoleFrames", Napi::Function::New(env, RunRawConsoleFrames));
  exports.Set("detectCartType", Napi::Function::New(env, DetectCartType));
  exports.Set("rawConsoleRoundTrip", Napi::Function::New(env, RawConsoleRoundTrip));
}
