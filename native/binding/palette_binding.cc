// The colour tables, exposed for conversions in TypeScript and for checks against ALE's palette.
#include <napi.h>

#include "binding/registry.h"
#include "emu/palette.h"

namespace {

// 256 entries indexed by screen byte; screens only hold even bytes, odd ones map like v - 1.
// An optional argument 'PAL' selects the PAL palette.
bool palArg(const Napi::CallbackInfo& info) {
  return info.Length() > 0 && info[0].IsString() && info[0].As<Napi::String>().Utf8Value() == "PAL";
}

Napi::Value PaletteRGB(const Napi::CallbackInfo& info) {
  Napi::Uint8Array out = Napi::Uint8Array::New(info.Env(), 256 * 3);
  const uint32_t* palette = emu::colourPalette(palArg(info));
  for (int v = 0; v < 256; ++v) {
    uint32_t c = palette[v >> 1];
    out[v * 3] = static_cast<uint8_t>(c >> 16);
    out[v * 3 + 1] = static_cast<uint8_t>(c >> 8);
    out[v * 3 + 2] = static_cast<uint8_t>(c);
  }
  return out;
}

Napi::Value PaletteGray(const Napi::CallbackInfo& info) {
  Napi::Uint8Array out = Napi::Uint8Array::New(info.Env(), 256);
  const uint8_t* gray = emu::grayPalette(palArg(info));
  for (int v = 0; v < 256; ++v) out[v] = gray[v >> 1];
  return out;
}

}  // namespace

void RegisterPalette(Napi::Env env, Napi::Object exports) {
  exports.Set("paletteRGB", Napi::Function::New(env, PaletteRGB));
  exports.Set("paletteGray", Napi::Function::New(env, PaletteGray));
}
