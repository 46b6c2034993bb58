#include "emu/riot.h"

#include <utility>

namespace emu {

Riot::Riot(System& sys, const Inputs& inputs, const PortConfig& ports, bool leftDifficultyA,
           bool rightDifficultyA, bool colorTv)
    : sys_(sys), in_(inputs), ports_(ports) {
  for (uint8_t& b : ram_) b = static_cast<uint8_t>(sys_.rng().next());
  switches_ = 0xFF;
  if (!rightDifficultyA) switches_ &= ~0x80;
  if (!leftDifficultyA) switches_ &= ~0x40;
  if (!colorTv) switches_ &= ~0x08;
  reset();
}

void Riot::install(System& sys) {
  // The RIOT answers when A12 = 0 and A7 = 1: RAM when A9 = 0, I/O and timer when A9 = 1.
  for (uint32_t addr = 0; addr < 0x2000; addr += 1u << System::kPageShift) {
    if ((addr & 0x1080) != 0x0080) continue;
    PageAccess a;
    a.device = this;
    if ((addr & 0x0200) == 0) {
      a.directPeek = &ram_[addr & 0x7F];
      a.directPoke = &ram_[addr & 0x7F];
    }
    sys.setPageAccess(static_cast<uint16_t>(addr >> System::kPageShift), a);
  }
}

void Riot::reset() {
  timer_ = 25 + (sys_.rng().next() % 75);
  shift_ = 6;
  setAt_ = 0;
  underflowReadAt_ = 0;
  readAfterUnderflow_ = false;
  ddra_ = ddrb_ = 0;
}

void Riot::systemCyclesReset() {
  setAt_ -= sys_.cycles();
  underflowReadAt_ -= sys_.cycles();
}

uint8_t Riot::readPortA() const {
  // Inputs are active low. Left port drives bits 7..4, right port bits 3..0.
  uint8_t v = 0;
  for (int port = 0; port < 2; ++port) {
    uint8_t nibble;
    int jack = ports_.jackAt(port);
    if (ports_.jack[jack] == ControllerType::Joystick) {
      nibble = (in_.up[jack] ? 0 : 1) | (in_.down[jack] ? 0 : 2) | (in_.left[jack] ? 0 : 4) |
               (in_.right[jack] ? 0 : 8);
    } else {
      // Paddle buttons sit on the "left" (bit 2) and "right" (bit 3) joystick lines.
      int first = jack * 2, second = jack * 2 + 1;
      if (ports_.swapPaddles) std::swap(first, second);
      nibble = 0x3 | (in_.paddleFire[second] ? 0 : 4) | (in_.paddleFire[first] ? 0 : 8);
    }
    v |= port == 0 ? static_cast<uint8_t>(nibble << 4) : nibble;
  }
  return v;
}

uint8_t Riot::readSwitches() {
  if (in_.rightDifficulty >= 0) switches_ = in_.rightDifficulty ? (switches_ | 0x80) : (switches_ & ~0x80);
  if (in_.leftDifficulty >= 0) switches_ = in_.leftDifficulty ? (switches_ | 0x40) : (switches_ & ~0x40);
  switches_ = in_.select ? (switches_ & ~0x02) : (switches_ | 0x02);
  switches_ = in_.reset ? (switches_ & ~0x01) : (switches_ | 0x01);
  return switches_;
}

uint8_t Riot::peek(uint16_t addr) {
  switch (addr & 0x07) {
    case 0x00: return readPortA();
    case 0x01: return ddra_;
    case 0x02: return readSwitches();
    case 0x03: return ddrb_;
    case 0x04:
    case 0x06: {
      // The access cycle has already been counted; the timer is sampled one cycle earlier.
      uint32_t elapsed = (sys_.cycles() - 1) - setAt_;
      int value = static_cast<int>(timer_) - static_cast<int>(elapsed >> shift_) - 1;
      if (value >= 0) return static_cast<uint8_t>(value);
      // Past underflow the counter runs at one tick per cycle.
      value = static_cast<int>(timer_ << shift_) - static_cast<int>(elapsed) - 1;
      if (value <= -2 && !readAfterUnderflow_) {
        readAfterUnderflow_ = true;
        underflowReadAt_ = sys_.cycles();
      }
      if (readAfterUnderflow_) {
        int offset = static_cast<int>(underflowReadAt_ - (setAt_ + (timer_ << shift_)));
        value = static_cast<int>(timer_) - static_cast<int>(elapsed >> shift_) - offset;
      }
      return static_cast<uint8_t>(value);
    }
    default: {  // 0x05 / 0x07: interrupt flag
      uint32_t elapsed = (sys_.cycles() - 1) - setAt_;
      int value = static_cast<int>(timer_) - static_cast<int>(elapsed >> shift_) - 1;
      return (value >= 0 || readAfterUnderflow_) ? 0x00 : 0x80;
    }
  }
}

// The timer reads that peek() answers from its first branch (counter not yet run out) have no
// effect, and that value only falls. So the reads that stay in [lo, hi] are those down to the
// first one below max(lo, 0), provided the first is not above hi. The interrupt flag reads
// have no effect at all: 0x00 until the counter runs out (or for good once it was read after
// running out), 0x80 from then on.
uint32_t Riot::quietReads(uint16_t addr, uint32_t first, uint32_t period, uint32_t max, uint8_t lo, uint8_t hi) {
  if (!(addr & 0x0200) || (addr & 0x07) < 4) return 0;
  uint32_t elapsed = (first - 1) - setAt_;
  // peek() works on 32-bit elapsed counts: stay clear of their wrap-around.
  if (uint64_t{elapsed} + uint64_t{period} * max >= (uint64_t{1} << 32)) return 0;
  // Reads at elapsed + k * period below `limit` have ticks (elapsed >> shift) under limit >> shift.
  auto readsBelow = [&](uint64_t limit) -> uint32_t {
    if (elapsed >= limit) return 0;
    uint64_t n = (limit - elapsed + period - 1) / period;
    return n < max ? static_cast<uint32_t>(n) : max;
  };
  const int64_t first_value = int64_t{timer_} - int64_t{elapsed >> shift_} - 1;
  if ((addr & 0x07) == 0x04 || (addr & 0x07) == 0x06) {
    if (first_value < 0 || first_value > hi) return 0;
    int64_t floor = lo;  // lowest value still in range; the quiet branch needs >= 0 as well
    if (int64_t{timer_} - floor <= 0) return 0;
    // value >= floor  <=>  elapsed >> shift <= timer - 1 - floor  <=>  elapsed < (timer - floor) << shift
    return readsBelow(static_cast<uint64_t>(int64_t{timer_} - floor) << shift_);
  }
  auto inRange = [&](uint8_t v) { return v >= lo && v <= hi; };
  if (readAfterUnderflow_ || first_value < 0) return inRange(readAfterUnderflow_ ? 0x00 : 0x80) ? max : 0;
  if (!inRange(0x00)) return 0;
  uint32_t zeros = readsBelow(uint64_t{timer_} << shift_);
  return zeros == max || !inRange(0x80) ? zeros : max;
}

void Riot::setTimer(uint8_t value, uint32_t shift) {
  timer_ = value;
  shift_ = shift;
  setAt_ = sys_.cycles();
  readAfterUnderflow_ = false;
}

void Riot::poke(uint16_t addr, uint8_t value) {
  switch (addr & 0x07) {
    case 0x00: return;  // port A output: no output devices are modelled
    case 0x01: ddra_ = value; return;
    case 0x02:
    case 0x03: return;  // port B is input only
    default: break;
  }
  if ((addr & 0x14) == 0x14) {
    static constexpr uint32_t kShift[4] = {0, 3, 6, 10};
    setTimer(value, kShift[addr & 0x03]);
  }
  // (addr & 0x14) == 0x04: edge-detect control, which no supported game relies on.
}

void Riot::save(StateWriter& out) const {
  out.tag("RIOT");
  out.bytes(ram_, sizeof ram_);
  out.u32(timer_);
  out.u32(shift_);
  out.u32(setAt_);
  out.u32(underflowReadAt_);
  out.boolean(readAfterUnderflow_);
  out.u8(ddra_);
  out.u8(ddrb_);
  out.u8(switches_);
}

void Riot::load(StateReader& in) {
  in.expectTag("RIOT");
  in.bytes(ram_, sizeof ram_);
  timer_ = in.u32();
  shift_ = in.u32();
  setAt_ = in.u32();
  underflowReadAt_ = in.u32();
  readAfterUnderflow_ = in.boolean();
  ddra_ = in.u8();
  ddrb_ = in.u8();
  switches_ = in.u8();
}

}  // namespace emu
