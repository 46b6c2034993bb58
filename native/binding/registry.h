// One Register* function per binding file; addon.cc calls them all.
#pragma once
#include <napi.h>

void RegisterCpuTest(Napi::Env env, Napi::Object exports);
void RegisterEnv(Napi::Env env, Napi::Object exports);
void RegisterPalette(Napi::Env env, Napi::Object exports);
void RegisterFuzz(Napi::Env env, Napi::Object exports);
void RegisterOps(Napi::Env env, Napi::Object exports);
void RegisterVectorEnv(Napi::Env env, Napi::Object exports);
