// Addon entry point: each binding file registers its own exports here.
#include <napi.h>

#include "binding/registry.h"

// Default for a binding file not yet in the build: registers nothing. The real definition,
// when linked in, takes precedence.
__attribute__((weak)) void RegisterCpuTest(Napi::Env, Napi::Object) {}

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  RegisterPalette(env, exports);
  RegisterCpuTest(env, exports);
  RegisterEnv(env, exports);
  return exports;
}

NODE_API_MODULE(atari_native, Init)
