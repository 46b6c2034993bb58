// Test-only access to the bare CPU core on a flat 64 KiB RAM bus (no 2600 memory map), for
// the 6502 functional test and single-instruction checks.
#include <napi.h>

#include <cstring>
#include <string>
#include <vector>

#include "binding/registry.h"
#include "emu/cpu6502.h"

namespace {

struct FlatBus {
  uint8_t mem[65536];
  uint64_t count = 0;  // cycles
  std::vector<std::string>* log = nullptr;
  uint8_t peek(uint16_t a) {
    if (log) log->push_back("R " + hex(a));
    return mem[a];
  }
  void poke(uint16_t a, uint8_t v) {
    if (log) log->push_back("W " + hex(a));
    mem[a] = v;
  }
  // The CPU's interface: it passes its cycle count, which a flat RAM has no use for.
  uint8_t peek(uint16_t a, uint32_t&) { return peek(a); }
  void poke(uint16_t a, uint8_t v, uint32_t&) { poke(a, v); }
  void dummyPeek(uint16_t a, uint32_t&) { peek(a); }
  void dummyPoke(uint16_t a, uint8_t v, uint32_t&) { poke(a, v); }
  int plainByte(uint16_t a) const { return mem[a]; }
  uint32_t quietReads(uint16_t, uint32_t, uint32_t, uint32_t, uint8_t, uint8_t) { return 0; }  // no timer
  // The 64-bit count advances by what the CPU's 32-bit count moved.
  uint32_t cycles() const { return static_cast<uint32_t>(count); }
  void setCycles(uint32_t c) { count += static_cast<uint32_t>(c - static_cast<uint32_t>(count)); }
  static std::string hex(uint16_t a) {
    char b[8];
    snprintf(b, sizeof b, "%04x", a);
    return b;
  }
};

Napi::Uint8Array u8Arg(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (info.Length() <= i || !info[i].IsTypedArray() ||
      info[i].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array)
    throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a Uint8Array");
  return info[i].As<Napi::Uint8Array>();
}

double numArg(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (info.Length() <= i || !info[i].IsNumber()) throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a number");
  return info[i].As<Napi::Number>().DoubleValue();
}

// runCpuFunctionalTest(image, startPc, maxCycles) -> { pc, cycles, instructions, trapped }
Napi::Value RunFunctionalTest(const Napi::CallbackInfo& info) {
  auto image = u8Arg(info, 0, "image");
  if (image.ElementLength() != 65536) throw Napi::RangeError::New(info.Env(), "image must be exactly 65536 bytes");
  uint16_t start = static_cast<uint16_t>(numArg(info, 1, "startPc"));
  double maxCycles = numArg(info, 2, "maxCycles");
  auto bus = std::make_unique<FlatBus>();
  std::memcpy(bus->mem, image.Data(), 65536);
  emu::Cpu6502<FlatBus> cpu(*bus);
  cpu.reset();
  cpu.pc = start;
  bus->count = 0;
  uint64_t instructions = 0;
  bool trapped = false;
  while (bus->count < maxCycles && !cpu.halted()) {
    uint16_t before = cpu.pc;
    cpu.execute(1);
    ++instructions;
    if (cpu.pc == before) { trapped = true; break; }
  }
  Napi::Object r = Napi::Object::New(info.Env());
  r.Set("pc", cpu.pc);
  r.Set("cycles", static_cast<double>(bus->count));
  r.Set("instructions", static_cast<double>(instructions));
  r.Set("trapped", trapped);
  r.Set("halted", cpu.halted());
  return r;
}

// cpuRun(program, loadAddr, regs{a,x,y,p,sp}, maxInstructions, memPatch?) -> registers, cycles, accesses, halted
Napi::Value CpuRun(const Napi::CallbackInfo& info) {
  auto program = u8Arg(info, 0, "program");
  uint16_t load = static_cast<uint16_t>(numArg(info, 1, "loadAddr"));
  if (!info[2].IsObject()) throw Napi::TypeError::New(info.Env(), "regs must be an object");
  Napi::Object regs = info[2].As<Napi::Object>();
  uint32_t maxInstr = static_cast<uint32_t>(numArg(info, 3, "maxInstructions"));
  auto bus = std::make_unique<FlatBus>();
  std::memset(bus->mem, 0, sizeof bus->mem);
  if (info.Length() > 4 && info[4].IsTypedArray()) {
    auto mem = u8Arg(info, 4, "memory");
    std::memcpy(bus->mem, mem.Data(), std::min<size_t>(mem.ElementLength(), 65536));
  }
  if (load + program.ElementLength() > 65536) throw Napi::RangeError::New(info.Env(), "program does not fit in memory");
  std::memcpy(bus->mem + load, program.Data(), program.ElementLength());
  emu::Cpu6502<FlatBus> cpu(*bus);
  cpu.reset();
  auto reg = [&](const char* k, uint32_t def) { return regs.Has(k) ? regs.Get(k).As<Napi::Number>().Uint32Value() : def; };
  cpu.a = static_cast<uint8_t>(reg("a", 0));
  cpu.x = static_cast<uint8_t>(reg("x", 0));
  cpu.y = static_cast<uint8_t>(reg("y", 0));
  cpu.sp = static_cast<uint8_t>(reg("sp", 0xFF));
  cpu.setP(static_cast<uint8_t>(reg("p", 0x20)));
  cpu.pc = load;
  std::vector<std::string> log;
  bus->log = &log;
  bus->count = 0;
  uint32_t n = cpu.execute(maxInstr);
  bus->log = nullptr;
  Napi::Object r = Napi::Object::New(info.Env());
  r.Set("a", cpu.a); r.Set("x", cpu.x); r.Set("y", cpu.y); r.Set("sp", cpu.sp); r.Set("p", cpu.p()); r.Set("pc", cpu.pc);
  r.Set("cycles", static_cast<double>(bus->count));
  r.Set("instructions", n);
  r.Set("halted", cpu.halted());
  Napi::Array acc = Napi::Array::New(info.Env(), log.size());
  for (size_t i = 0; i < log.size(); ++i) acc.Set(static_cast<uint32_t>(i), log[i]);
  r.Set("accesses", acc);
  r.Set("memory", Napi::Buffer<uint8_t>::Copy(info.Env(), bus->mem, 65536));
  return r;
}

}  // namespace

void RegisterCpuTest(Napi::Env env, Napi::Object exports) {
  exports.Set("runCpuFunctionalTest", Napi::Function::New(env, RunFunctionalTest));
  exports.Set("cpuRun", Napi::Function::New(env, CpuRun));
}
