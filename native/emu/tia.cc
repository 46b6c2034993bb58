#include "emu/tia.h"

#include <cstring>

#include "emu/tia_tables.h"

namespace emu {

namespace {
constexpr int kHBlank = 68;
constexpr int kLine = 228;
// Colour clocks between a register write and its effect on the picture (-1: playfield, see poke).
constexpr int8_t kWriteDelay[64] = {
    0, 1, 0, 0, 8, 8, 0, 0, 0, 0, 0, 1, 1, -1, -1, -1,
    0, 0, 8, 8, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0,
};
inline int distance(int x, int pos) {
  int d = x - pos;
  return d < 0 ? d + 160 : d;
}
inline uint8_t reflect(uint8_t b) {
  b = static_cast<uint8_t>((b & 0xF0) >> 4 | (b & 0x0F) << 4);
  b = static_cast<uint8_t>((b & 0xCC) >> 2 | (b & 0x33) << 2);
  return static_cast<uint8_t>((b & 0xAA) >> 1 | (b & 0x55) << 1);
}
// COLUP0, COLUP1, COLUPF, COLUBK (registers 06-09) -> their slot in colors_.
constexpr int kColourSlot[4] = {2, 3, 1, 0};
// Playfield writes take effect on a 4-pixel boundary: the delay depends on the phase.
constexpr int kPfDelay[4] = {4, 5, 2, 3};
// PF0..PF2 (registers 0D-0F) written into the 20 playfield bits.
inline uint32_t playfieldAfter(uint32_t pf, int addr, uint8_t value) {
  if (addr == 0x0D) return (pf & 0xFFFF0) | ((value >> 4) & 0x0F);
  if (addr == 0x0E) return (pf & 0xFF00F) | (uint32_t(value) << 4);
  return (pf & 0x00FFF) | (uint32_t(value) << 12);
}
inline int16_t wrap160(int v) { return static_cast<int16_t>(v >= 160 ? v - 160 : v < 0 ? v + 160 : v); }

// 8 cells are handled as one 64-bit word, cell i in byte i.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the TIA's 8-cell words assume a little-endian host");
constexpr uint64_t kOnes = 0x0101010101010101ull;
inline uint64_t load8(const uint8_t* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}
// Whether the 8 cells in w hold the same objects (most of a line is runs of one content).
inline bool uniform8(uint64_t w) { return w == (w & 0xFF) * kOnes; }

// Whether some pixel of the line holds two objects. Cells are below 0x80, so (c | 0x80) - 1
// never borrows from the next byte, and its low bits AND c are c & (c - 1).
bool anyCellShared(const uint8_t* cells) {
  for (int i = 0; i < 160; i += 8) {
    uint64_t w = load8(cells + i);
    if ((((w | 0x80 * kOnes) - kOnes) & w & 0x7F * kOnes) != 0) return true;
  }
  return false;
}

// Four cells, one lookup when they are equal.
inline void paint4(uint8_t* out, const uint8_t* objs, const uint8_t* index, uint8_t ps, const uint8_t* colors) {
  uint32_t q;
  std::memcpy(&q, objs, 4);
  if (q == (q & 0xFF) * 0x01010101u) {
    std::memset(out, colors[index[(q & 0xFF) | ps]], 4);
  } else {
    for (int k = 0; k < 4; ++k) out[k] = colors[index[objs[k] | ps]];
  }
}

// Pixels for the cells objs[0..n): colour register colors[index[cell | ps]]; a run of 8 (or 4)
// equal cells takes one lookup.
inline void paintPixels(uint8_t* out, const uint8_t* objs, int n, const uint8_t* index, uint8_t ps,
                        const uint8_t* colors) {
  int i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w = load8(objs + i);
    if (uniform8(w)) {
      std::memset(out + i, colors[index[(w & 0xFF) | ps]], 8);
    } else {
      paint4(out + i, objs + i, index, ps, colors);
      paint4(out + i + 4, objs + i + 4, index, ps, colors);
    }
  }
  if (i + 4 <= n) {
    paint4(out + i, objs + i, index, ps, colors);
    i += 4;
  }
  for (; i < n; ++i) out[i] = colors[index[objs[i] | ps]];
}

// Collision latches set by the cells objs[0..n).
inline uint16_t collideCells(const uint8_t* objs, int n, const uint16_t* latches) {
  uint16_t c = 0;
  int i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w = load8(objs + i);
    if (uniform8(w)) {
      c |= latches[w & 0xFF];
    } else {
      for (int k = 0; k < 8; ++k) c |= latches[objs[i + k]];
    }
  }
  for (; i < n; ++i) c |= latches[objs[i]];
  return c;
}
}  // namespace

Tia::Tia(System& sys, CpuSignals& cpu, const Inputs& inputs, const TiaConfig& cfg)
    : sys_(sys), tables_(tia::tables()), cpu_(cpu), in_(inputs), cfg_(cfg), buffers_(2 * kWidth * kBufferRows, 0) {
  current_ = buffers_.data();
  previous_ = current_ + kWidth * kBufferRows;
  framePtr_ = current_;
}

void Tia::install(System& sys) {
  PageAccess a;
  a.device = this;
  for (uint32_t addr = 0; addr < 0x2000; addr += 1u << System::kPageShift)
    if ((addr & 0x1080) == 0) sys.setPageAccess(static_cast<uint16_t>(addr >> System::kPageShift), a);
}

void Tia::reset() {
  enabled_ = 0;
  vsync_ = vblank_ = nusiz0_ = nusiz1_ = 0;
  std::memset(colors_, 0, sizeof colors_);
  ctrlpf_ = pfPriorityScore_ = 0;
  refp0_ = refp1_ = false;
  pf_ = 0;
  grp0_ = grp1_ = dgrp0_ = dgrp1_ = 0;
  enam0_ = enam1_ = enabl_ = denabl_ = false;
  hmp0_ = hmp1_ = hmm0_ = hmm1_ = hmbl_ = 0;
  vdelp0_ = vdelp1_ = vdelbl_ = resmp0_ = resmp1_ = false;
  collisions_ = 0;
  posP0_ = posP1_ = posM0_ = posM1_ = posBL_ = 0;
  curGRP0_ = curGRP1_ = 0;
  p0Mask_ = p1Mask_ = {};
  m0Mask_ = m1Mask_ = {};
  blMask_ = {};
  pfReflect_ = 0;
  lastHmoveClock_ = 0;
  hmoveBlank_ = false;
  cosmicArk_ = false;
  cosmicArkCounter_ = 0;
  dumpEnabled_ = false;
  dumpDisabledCycle_ = 0;
  // A frame ends once a write happens past its last allowed scanline (290 NTSC, 342 PAL).
  frameClockLimit_ = ((cfg_.pal ? 342 : 290) + 1) * kLine;
  lineDirty_ = true;
  frameReset();
}

void Tia::frameReset() {
  std::fill(buffers_.begin(), buffers_.end(), 0);
  framePtr_ = current_;
  startDisplayOffset_ = kLine * cfg_.yStart;
  stopDisplayOffset_ = startDisplayOffset_ + kLine * cfg_.height;
  clockWhenFrameStarted_ = static_cast<int>(sys_.cycles() * 3);
  clockStartDisplay_ = clockWhenFrameStarted_ + startDisplayOffset_;
  clockStopDisplay_ = clockWhenFrameStarted_ + stopDisplayOffset_;
  // Right after a reset the first frame is drawn from the top of the frame, not from yStart.
  clockAtLastUpdate_ = clockWhenFrameStarted_;
  clocksToEndOfLine_ = kLine;
  vsyncFinishClock_ = 0x7FFFFFFF;
  catchUpOwed_ = -0x7FFFFFFF;
  scanlineCountForLastFrame_ = 0;
  currentScanline_ = 0;
}

void Tia::systemCyclesReset() {
  uint32_t cycles = sys_.cycles();
  dumpDisabledCycle_ = static_cast<int>(static_cast<uint32_t>(dumpDisabledCycle_) - cycles);
  int clocks = static_cast<int>(cycles * 3);
  clockWhenFrameStarted_ -= clocks;
  clockStartDisplay_ -= clocks;
  clockStopDisplay_ -= clocks;
  clockAtLastUpdate_ -= clocks;
  vsyncFinishClock_ = static_cast<int>(static_cast<uint32_t>(vsyncFinishClock_) - static_cast<uint32_t>(clocks));
  lastHmoveClock_ -= clocks;
  if (catchUpOwed_ != -0x7FFFFFFF) catchUpOwed_ -= clocks;
}

uint32_t Tia::scanlines() const {
  return (sys_.cycles() * 3 - static_cast<uint32_t>(clockWhenFrameStarted_)) / kLine;
}

void Tia::beginFrame() {
  std::swap(current_, previous_);
  uint32_t clocks = (sys_.cycles() * 3 - static_cast<uint32_t>(clockWhenFrameStarted_)) % kLine;
  sys_.resetCycles();
  clockWhenFrameStarted_ = -static_cast<int>(clocks);
  clockStartDisplay_ = clockWhenFrameStarted_ + startDisplayOffset_;
  clockStopDisplay_ = clockWhenFrameStarted_ + stopDisplayOffset_;
  clockAtLastUpdate_ = clockStartDisplay_;
  clocksToEndOfLine_ = kLine;
  catchUpOwed_ = -0x7FFFFFFF;
  framePtr_ = current_;
  if (cfg_.pal) {
    // PAL colour loss: odd frames set the low bit of every colour.
    for (uint8_t& c : colors_) c = (scanlineCountForLastFrame_ & 1) ? (c | 1) : (c & 0xFE);
  }
  frameGreyed_ = false;
}

void Tia::finishFrame() {
  // A frame's pixels and state end where its last access took them, owed catch-ups included.
  if (catchUpOwed_ > clockAtLastUpdate_) updateFrame(catchUpOwed_);
  catchUpOwed_ = -0x7FFFFFFF;
  currentScanline_ = scanlines();
  if (partialFrame_) {
    // The CPU ran out of its instruction budget (or halted) before the frame ended.
    if (!frameGreyed_) greyOut();
    frameGreyed_ = true;
  } else {
    scanlineCountForLastFrame_ = currentScanline_;
    frameGreyed_ = false;
  }
}

void Tia::greyOut() {
  uint32_t first = scanlines();
  uint32_t yStart = static_cast<uint32_t>(cfg_.yStart);
  if (first < yStart) first = yStart;
  for (uint32_t s = first; s < static_cast<uint32_t>(cfg_.height) + yStart; ++s) {
    uint8_t* row = current_ + (s - yStart) * kWidth;
    for (int i = 0; i < kWidth; ++i) row[i] = static_cast<uint8_t>((row[i] & 0x0F) >> 1);
  }
}

void Tia::repaint(uint8_t objs) {
  const tia::Tables& t = tables_;
  // Take the objects out of every pixel, 8 pixels at a time; the playfield goes back in the same
  // pass, first, so that the objects painted after it see its cells.
  uint64_t keep = ~(0x0101010101010101ull * objs);
  uint64_t overlap = 0;
  if (objs & PF) {
    refreshPfLine();
    for (int i = 0; i < 160; i += 8) {
      uint64_t w = load8(lineObjs_ + i) & keep, pf = load8(pfLine_ + i);
      overlap |= w & ((pf >> 5) * 0xFF);  // PF cells (0x20) as 0xFF bytes
      w |= pf;
      std::memcpy(lineObjs_ + i, &w, 8);
    }
  } else {
    for (int i = 0; i < 160; i += 8) {
      uint64_t w = load8(lineObjs_ + i) & keep;
      std::memcpy(lineObjs_ + i, &w, 8);
    }
  }
  // Paints the object into the cells whose byte in `mask` is 0xFF, the 8 cells from x on.
  auto paint8 = [this, &overlap](int x, uint64_t mask, uint8_t bit) {
    if (x >= 160) x -= 160;
    if (x + 8 <= 160) {
      uint64_t w = load8(lineObjs_ + x);
      overlap |= w & mask;
      w |= mask & (bit * kOnes);
      std::memcpy(lineObjs_ + x, &w, 8);
      return;
    }
    for (int d = 0; d < 8; ++d, mask >>= 8) {  // wraps around the line
      if (!(mask & 0xFF)) continue;
      uint8_t& cell = lineObjs_[x + d >= 160 ? x + d - 160 : x + d];
      overlap |= cell;
      cell |= bit;
    }
  };
  auto paintCopies = [&paint8](const tia::Tables::Copies& copies, int pos, uint64_t mask, uint8_t bit) {
    for (int i = 0; i < copies.count; ++i) paint8(pos + copies.at[i], mask, bit);
  };
  auto paintRun = [this, &overlap](const tia::Tables::Run& run, int pos, uint8_t bit, uint8_t graphics) {
    for (int k = 0; k < run.count; ++k) {
      if (!(graphics & run.bit[k])) continue;
      int x = pos + run.d[k];
      uint8_t& cell = lineObjs_[x >= 160 ? x - 160 : x];
      overlap |= cell;
      cell |= bit;
    }
  };
  auto paintPlayer = [&](const PlayerMask& m, uint8_t graphics, uint8_t bit) {
    if (m.mode == 5 || m.mode == 7) paintRun(t.playerRuns[m.suppressPrimary][m.mode], m.pos, bit, graphics);  // stretched
    else paintCopies(t.playerCopies[m.suppressPrimary][m.mode], m.pos, t.pixelMasks[graphics], bit);
  };
  // A missile or the ball covers 1, 2, 4 or 8 cells from its position.
  auto widthMask = [](int size) { return size == 3 ? ~0ull : (1ull << (8 << size)) - 1; };
  if ((objs & BL) && (enabled_ & BL)) paint8(blMask_.pos, widthMask(blMask_.size), BL);
  if ((objs & P1) && curGRP1_) paintPlayer(p1Mask_, curGRP1_, P1);
  if ((objs & M1) && (enabled_ & M1) && !m1Mask_.hidden) paintCopies(t.missileCopies[m1Mask_.mode], m1Mask_.pos, widthMask(m1Mask_.size), M1);
  if ((objs & P0) && curGRP0_) paintPlayer(p0Mask_, curGRP0_, P0);
  if ((objs & M0) && (enabled_ & M0) && !m0Mask_.hidden) paintCopies(t.missileCopies[m0Mask_.mode], m0Mask_.pos, widthMask(m0Mask_.size), M0);
  // The cache lives across lines, so a flag left set by objects that have moved apart is cleared
  // here (it would only cost collision scans that find nothing).
  if (overlap) lineOverlaps_ = true;
  else if (lineOverlaps_) lineOverlaps_ = anyCellShared(lineObjs_);
  dirtyObjs_ = 0;
}

void Tia::refreshPfLine() {
  if (pf_ == pfLineBits_ && pfReflect_ == pfLineReflect_) return;
  // The 20 playfield cells of the left half in display order (see playfieldBitForCell): PF0 and
  // PF2 are stored in that order already, PF1 reversed.
  uint32_t left = (pf_ & 0xFF00F) | uint32_t(reflect(uint8_t(pf_ >> 4))) << 4;
  uint32_t right = pfReflect_ ? (uint32_t(reflect(uint8_t(left))) << 12 | uint32_t(reflect(uint8_t(left >> 8))) << 4 |
                                 uint32_t(reflect(uint8_t(left >> 16))) >> 4)
                              : left;
  // Four cells (16 pixels) per step, from a table of the 16 nibble patterns.
  struct NibbleCells {
    uint8_t v[16][16];
    NibbleCells() {
      for (int n = 0; n < 16; ++n)
        for (int px = 0; px < 16; ++px) v[n][px] = (n >> (px / 4)) & 1 ? PF : 0;
    }
  };
  static const NibbleCells kCells;
  for (int k = 0; k < 5; ++k) {
    std::memcpy(pfLine_ + 16 * k, kCells.v[(left >> (4 * k)) & 0xF], 16);
    std::memcpy(pfLine_ + 80 + 16 * k, kCells.v[(right >> (4 * k)) & 0xF], 16);
  }
  pfLineBits_ = pf_;
  pfLineReflect_ = pfReflect_;
}

void Tia::rebuildLine() {
  std::memset(lineObjs_, 0, sizeof lineObjs_);
  lineOverlaps_ = false;
  repaint(P0 | M0 | P1 | M1 | BL | PF);
  lineDirty_ = false;
}

// The cheap cases are inlined into the catch-up loop; drawObjects is the rest.
inline void Tia::drawSpan(int count, int hpos) {
  uint8_t* out = framePtr_;
  framePtr_ += count;
  if (vblank_ & 0x02) {
    if (render_) std::memset(out, 0, count);
    return;
  }
  const uint8_t bits = enabled_ & 0x3F;
  if (bits == 0) {
    if (render_) std::memset(out, colors_[0], count);
    return;
  }
  // Collisions need at least two objects; with one, only the colour lookup is needed.
  const bool canCollide = (bits & (bits - 1)) != 0;
  if (!render_ && !canCollide) return;
  drawObjects(out, count, hpos, canCollide);
}

void Tia::drawObjects(uint8_t* out, int count, int hpos, bool canCollide) {
  const tia::Tables& t = tables_;
  if (lineDirty_) rebuildLine();
  else if (dirtyObjs_) repaint(dirtyObjs_);
  const uint8_t* objs = lineObjs_ + hpos;
  if (canCollide && lineOverlaps_) collisions_ |= collideCells(objs, count, t.collisions);
  if (render_) {
    // Split at the middle of the line, where score mode switches colours.
    int split = hpos < 80 ? (80 - hpos < count ? 80 - hpos : count) : 0;
    const uint8_t ps = pfPriorityScore_;
    paintPixels(out, objs, split, t.colorIndex[0], ps, colors_);
    paintPixels(out + split, objs + split, count - split, t.colorIndex[1], ps, colors_);
  }
}

void Tia::endOfLine() {
  // The cached line carries over to the next one unless these per-line changes alter a shape.
  if (pfReflect_ != (ctrlpf_ & 1)) {
    pfReflect_ = ctrlpf_ & 1;
    dirtyObjs_ |= PF;
  }
  if (p0Mask_.suppressPrimary) dirtyObjs_ |= P0;  // the primary copy is drawn again
  if (p1Mask_.suppressPrimary) dirtyObjs_ |= P1;
  refreshP0Mask(false);
  refreshP1Mask(false);
  if (cosmicArk_) {
    dirtyObjs_ |= M0;
    // A quirk some games exploit: HMM0 rewritten right after HMOVE keeps missile 0 moving
    // every line, with a repeating 4-line pattern of shapes.
    static const int kStep[4] = {18, 33, 0, 17};
    cosmicArkCounter_ = (cosmicArkCounter_ + 1) & 3;
    posM0_ = wrap160(posM0_ - kStep[cosmicArkCounter_]);
    refreshM0Mask();
    if (cosmicArkCounter_ == 1) m0Mask_.size |= 1;
    else if (cosmicArkCounter_ == 2) m0Mask_.hidden = true;
  }
}

void Tia::drawUntil(int clock) {
  if (clock > clockStopDisplay_) clock = clockStopDisplay_;
  do {
    int count;
    int fromLineStart = kLine - clocksToEndOfLine_;
    if (clock > clockAtLastUpdate_ + clocksToEndOfLine_) {
      count = clocksToEndOfLine_;
      clocksToEndOfLine_ = kLine;
      clockAtLastUpdate_ += count;
    } else {
      count = clock - clockAtLastUpdate_;
      clocksToEndOfLine_ -= count;
      clockAtLastUpdate_ = clock;
    }
    if (fromLineStart < kHBlank) {
      int skip = kHBlank - fromLineStart < count ? kHBlank - fromLineStart : count;
      fromLineStart += skip;
      count -= skip;
    }
    uint8_t* lineStart = framePtr_;
    if (count != 0) drawSpan(count, fromLineStart - kHBlank);
    if (hmoveBlank_ && fromLineStart < kHBlank + 8) {
      // HMOVE's extended blank hides the first 8 pixels of the line.
      if (render_) std::memset(lineStart, 0, kHBlank + 8 - fromLineStart);
      if (count + fromLineStart >= kHBlank + 8) hmoveBlank_ = false;
    }
    if (clocksToEndOfLine_ == kLine) endOfLine();
  } while (clockAtLastUpdate_ < clock);
}

void Tia::waitHorizontalSync() {
  uint32_t sinceLineStart = (sys_.cycles() - static_cast<uint32_t>(clockWhenFrameStarted_ / 3)) % 76;
  uint32_t toEnd = 76 - sinceLineStart;
  if (toEnd < 76) sys_.incrementCycles(toEnd);
}

uint8_t Tia::readPot(int pot, uint8_t noise) const {
  // INPT0/1 are the left port's pots (pins 9 and 5), INPT2/3 the right port's.
  int jack = cfg_.ports.jackAt(pot >> 1);
  int32_t r;
  if (cfg_.ports.jack[jack] == ControllerType::Joystick) {
    r = kMaxResistance;
  } else {
    int paddle = jack * 2 + (pot & 1);
    if (cfg_.ports.swapPaddles) paddle ^= 1;
    r = in_.paddleResistance[paddle];
  }
  if (r == kMinResistance) return 0x80 | noise;
  if (r == kMaxResistance || dumpEnabled_) return noise;
  // The pot's capacitor charges after about 1.6 * R * 10 nF; counted in CPU cycles at 1.19 MHz.
  double seconds = 1.6 * r * 0.01e-6;
  uint32_t needed = static_cast<uint32_t>(seconds * 1.19e6);
  return sys_.cycles() > static_cast<uint32_t>(dumpDisabledCycle_) + needed ? (0x80 | noise) : noise;
}

uint8_t Tia::peek(uint16_t addr) {
  int reg = addr & 0x0F;
  // Only the collision latches depend on what has been drawn; the input ports do not.
  if (reg < 8) updateFrame(static_cast<int>(sys_.cycles() * 3));
  else oweCatchUp(static_cast<int>(sys_.cycles() * 3));
  // Undriven bits float: they keep what was last on the data bus.
  uint8_t noise = sys_.dataBus() & 0x3F;
  if (reg < 8) {
    static const int8_t kLatch[8][2] = {{0, 1}, {2, 3}, {4, 5}, {6, 7}, {8, 9}, {10, 11}, {12, -1}, {13, 14}};
    uint8_t v = noise;
    if (collisions_ & (1u << kLatch[reg][0])) v |= 0x80;
    if (kLatch[reg][1] >= 0 && (collisions_ & (1u << kLatch[reg][1]))) v |= 0x40;
    return v;
  }
  switch (reg) {
    case 0x08: return readPot(0, noise);
    case 0x09: return readPot(1, noise);
    case 0x0A: return readPot(2, noise);
    case 0x0B: return readPot(3, noise);
    case 0x0C:
    case 0x0D: {
      int jack = cfg_.ports.jackAt(reg - 0x0C);
      bool pressed = cfg_.ports.jack[jack] == ControllerType::Joystick && in_.fire[jack];
      return pressed ? noise : (0x80 | noise);
    }
    default: return noise;
  }
}

void Tia::refreshGraphics() {
  uint8_t g0 = vdelp0_ ? dgrp0_ : grp0_;
  uint8_t g1 = vdelp1_ ? dgrp1_ : grp1_;
  curGRP0_ = refp0_ ? reflect(g0) : g0;
  curGRP1_ = refp1_ ? reflect(g1) : g1;
  setEnabled(P0, curGRP0_ != 0);
  setEnabled(P1, curGRP1_ != 0);
}

// Writes that change nothing the picture reads: the strobes and registers it does not read
// (WSYNC, RSYNC, audio, the motion registers that only HMOVE reads) and writes that leave the
// drawn colours, playfield, graphics and enable bits as they are (games rewrite the same values
// on most lines). They take effect on the registers behind the picture without splitting the
// drawing, and skip the bookkeeping of the general path. Returns false, having changed nothing,
// for any other write.
bool Tia::pokeLeavesPicture(int addr, uint8_t value) {
  auto shown = [](uint8_t g, bool reflected) { return reflected ? reflect(g) : g; };
  const int clock = static_cast<int>(sys_.cycles() * 3);
  // What every write does first: the catch-up it owes, and the end of an overlong frame.
  auto settle = [&](int delay) {
    oweCatchUp(clock + delay);
    if (clock - clockWhenFrameStarted_ >= frameClockLimit_) {
      cpu_.stop();
      partialFrame_ = false;
    }
  };
  switch (addr) {
    case 0x02:  // WSYNC
      settle(0);
      if (cpu_.lastAccessWasRead()) waitHorizontalSync();
      return true;
    case 0x03: case 0x15: case 0x16: case 0x17: case 0x18: case 0x19: case 0x1A:  // RSYNC, audio
      settle(0);
      return true;
    case 0x20: settle(0); hmp0_ = value >> 4; return true;
    case 0x21: settle(0); hmp1_ = value >> 4; return true;
    case 0x23: settle(0); hmm1_ = value >> 4; return true;
    case 0x24: settle(0); hmbl_ = value >> 4; return true;
    case 0x2B: settle(0); hmp0_ = hmp1_ = hmm0_ = hmm1_ = hmbl_ = 0; return true;  // HMCLR
    case 0x06: case 0x07: case 0x08: case 0x09:
      if (colourValue(value) != colors_[kColourSlot[addr - 0x06]]) return false;
      settle(0);
      return true;
    case 0x0D: case 0x0E: case 0x0F:
      if (playfieldAfter(pf_, addr, value) != pf_) return false;
      settle(kPfDelay[(hposAt(clock) / 3) & 3]);
      return true;
    case 0x1B:  // GRP0; the copy of GRP1 it latches is GRP1 itself
      if (shown(vdelp0_ ? dgrp0_ : value, refp0_) != curGRP0_ || shown(grp1_, refp1_) != curGRP1_) return false;
      settle(1);
      grp0_ = value;
      dgrp1_ = grp1_;
      return true;
    case 0x1C:  // GRP1; likewise for GRP0 and ENABL
      if (shown(grp0_, refp0_) != curGRP0_ || shown(vdelp1_ ? dgrp1_ : value, refp1_) != curGRP1_ ||
          enabl_ != bool(enabled_ & BL))
        return false;
      settle(1);
      grp1_ = value;
      dgrp0_ = grp0_;
      denabl_ = enabl_;
      return true;
    case 0x1D:
      if ((bool(value & 0x02) && !resmp0_) != bool(enabled_ & M0)) return false;
      settle(0);
      enam0_ = value & 0x02;
      return true;
    case 0x1E:
      if ((bool(value & 0x02) && !resmp1_) != bool(enabled_ & M1)) return false;
      settle(0);
      enam1_ = value & 0x02;
      return true;
    case 0x1F:
      if ((vdelbl_ ? denabl_ : bool(value & 0x02)) != bool(enabled_ & BL)) return false;
      settle(0);
      enabl_ = value & 0x02;
      return true;
    default:
      return false;
  }
}

void Tia::poke(uint16_t addr, uint8_t value) {
  addr &= 0x3F;
  if (pokeLeavesPicture(addr, value)) return;
  int clock = static_cast<int>(sys_.cycles() * 3);
  int delay = kWriteDelay[addr];
  if (delay < 0) delay = kPfDelay[(hposAt(clock) / 3) & 3];
  updateFrame(clock + delay);
  if (clock - clockWhenFrameStarted_ >= frameClockLimit_) {
    cpu_.stop();
    partialFrame_ = false;
  }

  // Which objects' coverage a write can change (CTRLPF: the playfield's reflection and the ball's
  // size; HMOVE: every moving object).
  static constexpr uint8_t kMoving = P0 | M0 | P1 | M1 | BL;
  static constexpr uint8_t kTouches[0x2B] = {
      0, 0, 0, 0, P0 | M0, P1 | M1, 0, 0, 0, 0, PF | BL, P0, P1, PF, PF, PF,  // 00-0F
      P0, P1, M0, M1, BL, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // 10-1F
      0, 0, 0, 0, 0, 0, 0, 0, M0, M1, kMoving};             // 20-2A
  if (addr < 0x2B) dirtyObjs_ |= kTouches[addr];
  // Graphics, enable and vertical-delay writes (1B-1F, 25-27) mark only the objects whose drawn
  // graphics or enable bit actually change (checked after the switch).
  const uint8_t oldGrp0 = curGRP0_, oldGrp1 = curGRP1_, oldEnabled = enabled_;

  switch (addr) {
    case 0x00:  // VSYNC
      vsync_ = value;
      if (vsync_ & 0x02) {
        vsyncFinishClock_ = clock + kLine;
      } else if (clock >= vsyncFinishClock_) {
        vsyncFinishClock_ = 0x7FFFFFFF;
        cpu_.stop();
        partialFrame_ = false;
      }
      break;
    case 0x01:  // VBLANK; bit 7 grounds the paddle capacitors
      if (!(vblank_ & 0x80) && (value & 0x80)) dumpEnabled_ = true;
      if ((vblank_ & 0x80) && !(value & 0x80)) {
        dumpEnabled_ = false;
        dumpDisabledCycle_ = static_cast<int>(sys_.cycles());
      }
      vblank_ = value;
      break;
    case 0x04:
      nusiz0_ = value;
      refreshP0Mask(false);
      refreshM0Mask();
      break;
    case 0x05:
      nusiz1_ = value;
      refreshP1Mask(false);
      refreshM1Mask();
      break;
    case 0x06:
    case 0x07:
    case 0x08:
    case 0x09:
      colors_[kColourSlot[addr - 0x06]] = colourValue(value);
      break;
    case 0x0A:  // CTRLPF
      ctrlpf_ = value;
      pfPriorityScore_ = static_cast<uint8_t>((value & 0x06) << 5);
      if (hposAt(clock) < kHBlank + 79) pfReflect_ = value & 1;
      refreshBallMask();
      break;
    case 0x0B:
      if (bool(value & 0x08) != refp0_) {
        refp0_ = value & 0x08;
        curGRP0_ = reflect(curGRP0_);
      }
      break;
    case 0x0C:
      if (bool(value & 0x08) != refp1_) {
        refp1_ = value & 0x08;
        curGRP1_ = reflect(curGRP1_);
      }
      break;
    case 0x0D:
    case 0x0E:
    case 0x0F:
      pf_ = playfieldAfter(pf_, addr, value);
      setEnabled(PF, pf_ != 0);
      break;
    case 0x10:
    case 0x11: {  // RESP0 / RESP1
      bool first = addr == 0x10;
      int16_t& pos = first ? posP0_ : posP1_;
      int mode = (first ? nusiz0_ : nusiz1_) & 7;
      int h = hposAt(clock);
      int newPos = h < kHBlank ? 3 : ((h - kHBlank) + 5) % 160;
      int when = tia::resetTiming(mode, pos, newPos);
      // Strobed while a copy is being shifted out: that copy finishes at the old position.
      if (when == 1) updateFrame(clock + 11);
      pos = static_cast<int16_t>(newPos);
      dirtyObjs_ |= first ? P0 : P1;
      if (first) refreshP0Mask(when != -1);
      else refreshP1Mask(when != -1);
      break;
    }
    case 0x12: {  // RESM0
      int h = hposAt(clock);
      posM0_ = static_cast<int16_t>(h < kHBlank ? 2 : ((h - kHBlank) + 4) % 160);
      if (clock - lastHmoveClock_ == 20 * 3 && h == 69) posM0_ = 8;
      refreshM0Mask();
      break;
    }
    case 0x13: {  // RESM1
      int h = hposAt(clock);
      posM1_ = static_cast<int16_t>(h < kHBlank ? 2 : ((h - kHBlank) + 4) % 160);
      if (clock - lastHmoveClock_ == 3 * 3 && h == 18) posM1_ = 3;
      refreshM1Mask();
      break;
    }
    case 0x14: {  // RESBL
      int h = hposAt(clock);
      int since = clock - lastHmoveClock_;
      posBL_ = static_cast<int16_t>(h < kHBlank ? 2 : ((h - kHBlank) + 4) % 160);
      // Strobes right after HMOVE land at positions the simple formula does not give.
      if (since == 18 * 3 && (h == 60 || h == 69)) posBL_ = 10;
      else if (since == 3 * 3 && h == 18) posBL_ = 3;
      else if (since == 7 * 3 && h == 30) posBL_ = 6;
      else if (since == 6 * 3 && h == 27) posBL_ = 5;
      refreshBallMask();
      break;
    }
    case 0x1B:  // GRP0 (also latches GRP1 into its delay register)
      grp0_ = value;
      dgrp1_ = grp1_;
      refreshGraphics();
      break;
    case 0x1C:  // GRP1 (also latches GRP0 and ENABL)
      grp1_ = value;
      dgrp0_ = grp0_;
      denabl_ = enabl_;
      refreshGraphics();
      setEnabled(BL, vdelbl_ ? denabl_ : enabl_);
      break;
    case 0x1D:
      enam0_ = value & 0x02;
      setEnabled(M0, enam0_ && !resmp0_);
      break;
    case 0x1E:
      enam1_ = value & 0x02;
      setEnabled(M1, enam1_ && !resmp1_);
      break;
    case 0x1F:
      enabl_ = value & 0x02;
      setEnabled(BL, vdelbl_ ? denabl_ : enabl_);
      break;
    case 0x22: {
      uint8_t hm = value >> 4;
      if (clock == lastHmoveClock_ + 21 * 3 && hmm0_ == 7 && hm == 6) {
        cosmicArk_ = true;
        cosmicArkCounter_ = 0;
      }
      hmm0_ = hm;
      break;
    }
    case 0x25:
      vdelp0_ = value & 0x01;
      refreshGraphics();
      break;
    case 0x26:
      vdelp1_ = value & 0x01;
      refreshGraphics();
      break;
    case 0x27:
      vdelbl_ = value & 0x01;
      setEnabled(BL, vdelbl_ ? denabl_ : enabl_);
      break;
    case 0x28:
    case 0x29: {  // RESMP0 / RESMP1: releasing the lock centres the missile on its player
      bool first = addr == 0x28;
      bool& locked = first ? resmp0_ : resmp1_;
      if (locked && !(value & 0x02)) {
        int mode = (first ? nusiz0_ : nusiz1_) & 7;
        int middle = mode == 5 ? 8 : mode == 7 ? 16 : 4;
        if (first) {
          posM0_ = static_cast<int16_t>((posP0_ + middle) % 160);
          refreshM0Mask();
        } else {
          posM1_ = static_cast<int16_t>((posP1_ + middle) % 160);
          refreshM1Mask();
        }
      }
      locked = value & 0x02;
      if (first) setEnabled(M0, enam0_ && !resmp0_);
      else setEnabled(M1, enam1_ && !resmp1_);
      break;
    }
    case 0x2A: {  // HMOVE
      int cycle = hposAt(clock) / 3;
      if (cfg_.hmoveBlanks && (cycle <= 20 || cycle == 75)) hmoveBlank_ = true;
      posP0_ = wrap160(posP0_ + tia::hmoveMotion(cycle, hmp0_));
      posP1_ = wrap160(posP1_ + tia::hmoveMotion(cycle, hmp1_));
      posM0_ = wrap160(posM0_ + tia::hmoveMotion(cycle, hmm0_));
      posM1_ = wrap160(posM1_ + tia::hmoveMotion(cycle, hmm1_));
      posBL_ = wrap160(posBL_ + tia::hmoveMotion(cycle, hmbl_));
      refreshBallMask();
      refreshP0Mask(false);
      refreshP1Mask(false);
      refreshM0Mask();
      refreshM1Mask();
      lastHmoveClock_ = clock;
      cosmicArk_ = false;
      break;
    }
    case 0x2C: collisions_ = 0; break;                            // CXCLR
    default: break;  // WSYNC, RSYNC, audio and the motion registers but HMM0: see pokeLeavesPicture
  }
  dirtyObjs_ |= (curGRP0_ != oldGrp0 ? P0 : 0) | (curGRP1_ != oldGrp1 ? P1 : 0) | ((enabled_ ^ oldEnabled) & (M0 | M1 | BL));
}

void Tia::save(StateWriter& out, bool withPixels) const {
  out.tag("TIA");
  out.i32(clockWhenFrameStarted_); out.i32(clockStartDisplay_); out.i32(clockStopDisplay_);
  out.i32(clockAtLastUpdate_); out.i32(clocksToEndOfLine_);
  out.u32(scanlineCountForLastFrame_); out.u32(currentScanline_); out.i32(vsyncFinishClock_);
  out.boolean(partialFrame_); out.boolean(frameGreyed_);
  out.u8(enabled_); out.u8(vsync_); out.u8(vblank_); out.u8(nusiz0_); out.u8(nusiz1_);
  out.bytes(colors_, sizeof colors_);
  out.u8(ctrlpf_); out.u8(pfPriorityScore_); out.boolean(refp0_); out.boolean(refp1_);
  out.u32(pf_); out.u8(grp0_); out.u8(grp1_); out.u8(dgrp0_); out.u8(dgrp1_);
  out.boolean(enam0_); out.boolean(enam1_); out.boolean(enabl_); out.boolean(denabl_);
  out.u8(hmp0_); out.u8(hmp1_); out.u8(hmm0_); out.u8(hmm1_); out.u8(hmbl_);
  out.boolean(vdelp0_); out.boolean(vdelp1_); out.boolean(vdelbl_); out.boolean(resmp0_); out.boolean(resmp1_);
  out.u16(collisions_);
  out.u16(uint16_t(posP0_)); out.u16(uint16_t(posP1_)); out.u16(uint16_t(posM0_)); out.u16(uint16_t(posM1_)); out.u16(uint16_t(posBL_));
  out.u8(curGRP0_); out.u8(curGRP1_);
  out.i32(lastHmoveClock_); out.boolean(hmoveBlank_); out.boolean(cosmicArk_); out.u32(cosmicArkCounter_);
  out.boolean(dumpEnabled_); out.i32(dumpDisabledCycle_);
  out.bytes(&p0Mask_, sizeof p0Mask_); out.bytes(&p1Mask_, sizeof p1Mask_);
  out.bytes(&m0Mask_, sizeof m0Mask_); out.bytes(&m1Mask_, sizeof m1Mask_);
  out.bytes(&blMask_, sizeof blMask_); out.u8(pfReflect_);
  out.u32(static_cast<uint32_t>(framePtr_ - current_));
  out.boolean(current_ == buffers_.data());
  out.boolean(withPixels);
  if (withPixels) {
    out.bytes(current_, kWidth * kBufferRows);
    out.bytes(previous_, kWidth * kBufferRows);
  }
}

void Tia::load(StateReader& in, bool withPixels) {
  in.expectTag("TIA");
  clockWhenFrameStarted_ = in.i32(); clockStartDisplay_ = in.i32(); clockStopDisplay_ = in.i32();
  clockAtLastUpdate_ = in.i32(); clocksToEndOfLine_ = in.i32();
  scanlineCountForLastFrame_ = in.u32(); currentScanline_ = in.u32(); vsyncFinishClock_ = in.i32();
  partialFrame_ = in.boolean(); frameGreyed_ = in.boolean();
  enabled_ = in.u8(); vsync_ = in.u8(); vblank_ = in.u8(); nusiz0_ = in.u8(); nusiz1_ = in.u8();
  in.bytes(colors_, sizeof colors_);
  ctrlpf_ = in.u8(); pfPriorityScore_ = in.u8(); refp0_ = in.boolean(); refp1_ = in.boolean();
  pf_ = in.u32(); grp0_ = in.u8(); grp1_ = in.u8(); dgrp0_ = in.u8(); dgrp1_ = in.u8();
  enam0_ = in.boolean(); enam1_ = in.boolean(); enabl_ = in.boolean(); denabl_ = in.boolean();
  hmp0_ = in.u8(); hmp1_ = in.u8(); hmm0_ = in.u8(); hmm1_ = in.u8(); hmbl_ = in.u8();
  vdelp0_ = in.boolean(); vdelp1_ = in.boolean(); vdelbl_ = in.boolean(); resmp0_ = in.boolean(); resmp1_ = in.boolean();
  collisions_ = in.u16();
  posP0_ = int16_t(in.u16()); posP1_ = int16_t(in.u16()); posM0_ = int16_t(in.u16()); posM1_ = int16_t(in.u16()); posBL_ = int16_t(in.u16());
  curGRP0_ = in.u8(); curGRP1_ = in.u8();
  lastHmoveClock_ = in.i32(); hmoveBlank_ = in.boolean(); cosmicArk_ = in.boolean(); cosmicArkCounter_ = in.u32();
  dumpEnabled_ = in.boolean(); dumpDisabledCycle_ = in.i32();
  in.bytes(&p0Mask_, sizeof p0Mask_); in.bytes(&p1Mask_, sizeof p1Mask_);
  in.bytes(&m0Mask_, sizeof m0Mask_); in.bytes(&m1Mask_, sizeof m1Mask_);
  in.bytes(&blMask_, sizeof blMask_); pfReflect_ = in.u8();
  lineDirty_ = true;
  catchUpOwed_ = -0x7FFFFFFF;  // states are saved between frames, when nothing is owed
  uint32_t offset = in.u32();
  bool firstIsCurrent = in.boolean();
  current_ = firstIsCurrent ? buffers_.data() : buffers_.data() + kWidth * kBufferRows;
  previous_ = firstIsCurrent ? buffers_.data() + kWidth * kBufferRows : buffers_.data();
  if (offset > static_cast<uint32_t>(kWidth * kBufferRows)) throw std::runtime_error("state buffer holds an invalid TIA frame position");
  framePtr_ = current_ + offset;
  if (in.boolean() != withPixels) throw std::runtime_error("state buffer was saved with a different screen setting");
  if (withPixels) {
    in.bytes(current_, kWidth * kBufferRows);
    in.bytes(previous_, kWidth * kBufferRows);
  }
}

}  // namespace emu
