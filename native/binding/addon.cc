// Addon entry point: each binding file registers its own exports here.
#include <napi.h>

#include "binding/registry.h"

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  RegisterPalette(env, exports);
  RegisterCpuTest(env, exports);
  RegisterEnv(env, exports);
  RegisterFuzz(env, exports);
  RegisterOps(env, exports);
  RegisterVectorEnv(env, exports);
  return exports;
}

NODE_API_MODULE(atari_native, Init)
