// Byte-stream serialisation used by cloneState/restoreState. Every device writes its
// whole observable state in a fixed order; the reader throws on a short or foreign buffer.
#pragma once
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace emu {

class StateWriter {
 public:
  void u8(uint8_t v) { buf_.push_back(v); }
  void u16(uint16_t v) { bytes(&v, sizeof v); }
  void u32(uint32_t v) { bytes(&v, sizeof v); }
  void u64(uint64_t v) { bytes(&v, sizeof v); }
  void i32(int32_t v) { bytes(&v, sizeof v); }
  void f64(double v) { bytes(&v, sizeof v); }
  void boolean(bool v) { u8(v ? 1 : 0); }
  void bytes(const void* p, size_t n) {
    if (n == 0) return;
    const uint8_t* b = static_cast<const uint8_t*>(p);
    buf_.insert(buf_.end(), b, b + n);
  }
  void str(const std::string& s) { u32(static_cast<uint32_t>(s.size())); bytes(s.data(), s.size()); }
  // A short tag before each section makes a mismatched buffer fail loudly instead of loading garbage.
  void tag(const char* t) { str(t); }
  const std::vector<uint8_t>& data() const { return buf_; }
  std::vector<uint8_t>& data() { return buf_; }

 private:
  std::vector<uint8_t> buf_;
};

class StateReader {
 public:
  StateReader(const uint8_t* p, size_t n) : p_(p), n_(n) {}
  uint8_t u8() { uint8_t v; bytes(&v, 1); return v; }
  uint16_t u16() { uint16_t v; bytes(&v, sizeof v); return v; }
  uint32_t u32() { uint32_t v; bytes(&v, sizeof v); return v; }
  uint64_t u64() { uint64_t v; bytes(&v, sizeof v); return v; }
  int32_t i32() { int32_t v; bytes(&v, sizeof v); return v; }
  double f64() { double v; bytes(&v, sizeof v); return v; }
  bool boolean() { return u8() != 0; }
  void bytes(void* out, size_t n) {
    if (n == 0) return;
    if (n > n_ - pos_) throw std::runtime_error("state buffer is truncated");
    std::memcpy(out, p_ + pos_, n);
    pos_ += n;
  }
  std::string str() {
    uint32_t n = u32();
    if (n > n_ - pos_) throw std::runtime_error("state buffer is truncated");
    std::string s(reinterpret_cast<const char*>(p_ + pos_), n);
    pos_ += n;
    return s;
  }
  void expectTag(const char* t) {
    if (str() != t) throw std::runtime_error(std::string("state buffer is not a saved emulator state (expected section ") + t + ")");
  }
  bool atEnd() const { return pos_ == n_; }

 private:
  const uint8_t* p_;
  size_t n_;
  size_t pos_ = 0;
};

}  // namespace emu
