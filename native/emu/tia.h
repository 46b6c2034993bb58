// The TIA: video, collisions and input ports. It draws lazily: the frame buffer is brought
// up to date only when a register write could change what is drawn (after the write's
// documented delay) or when something is read. Horizontal positions are kept per object
// and each object's shape on the current line is looked up from small pattern tables.
//
// The model follows the reference emulator's timing exactly, including its deliberate
// approximations (motion amounts for mid-line HMOVE, the "when did RESPx happen" rule,
// HMOVE blanking), because the environment must reproduce the reference frames bit for bit.
#pragma once
#include <cstdint>
#include <vector>

#include "emu/inputs.h"
#include "emu/system.h"
#include "emu/tia_tables.h"

namespace emu {

// What the TIA needs from the CPU: ending the frame, and the WSYNC read/write quirk.
class CpuSignals {
 public:
  virtual ~CpuSignals() = default;
  virtual void stop() = 0;
  virtual bool lastAccessWasRead() const = 0;
};

struct TiaConfig {
  int yStart = 34;      // first scanline shown
  int height = 210;     // scanlines shown
  bool hmoveBlanks = true;
  bool pal = false;     // colour loss and a longer frame limit
  PortConfig ports;
};

class Tia final : public Device {
 public:
  static constexpr int kWidth = 160;
  static constexpr int kBufferRows = 300;

  Tia(System& sys, CpuSignals& cpu, const Inputs& inputs, const TiaConfig& cfg);
  void setPal(bool pal) { cfg_.pal = pal; }  // takes effect at the next reset()
  void setHeight(int rows) { cfg_.height = rows; }

  void install(System& sys) override;
  void reset() override;
  uint8_t peek(uint16_t addr) override;
  void poke(uint16_t addr, uint8_t value) override;
  void systemCyclesReset() override;
  void save(StateWriter& out) const override { save(out, true); }
  void load(StateReader& in) override { load(in, true); }
  // Without the two frame buffers: enough to re-emulate a frame (a few hundred bytes).
  void save(StateWriter& out, bool withPixels) const;
  void load(StateReader& in, bool withPixels);

  // Frame protocol, driven by the console: begin (unless a frame is still partial),
  // let the CPU run, then finish.
  bool framePending() const { return partialFrame_; }
  void beginFrame();
  void finishFrame();
  void setPartial() { partialFrame_ = true; }

  const uint8_t* screen() const { return current_; }  // rows of 160 palette indices
  int screenHeight() const { return cfg_.height < 200 ? 200 : cfg_.height; }
  uint32_t scanlines() const;

  // Which of the two frame buffers the next frame() draws into (a continued partial frame keeps
  // the current one), and how many display rows the last frame reached, counted from the top.
  int nextDrawBuffer() const {
    int cur = current_ == buffers_.data() ? 0 : 1;
    return partialFrame_ ? cur : 1 - cur;
  }
  int rowsReached() const { return static_cast<int>((framePtr_ - current_ + kWidth - 1) / kWidth); }

  // When false, frames are still emulated (collisions included) but pixels are not stored.
  void setRendering(bool on) { render_ = on; }

 private:
  enum ObjBits : uint8_t { P0 = 0x01, M0 = 0x02, P1 = 0x04, M1 = 0x08, BL = 0x10, PF = 0x20,
                           SCORE = 0x40, PRIORITY = 0x80 };

  void frameReset();
  // Brings the frame up to `clock` (or further, to where an access that did not need it would have
  // brought it); the test for nothing to draw is inlined into every access.
  void updateFrame(int clock) {
    if (clock < catchUpOwed_) clock = catchUpOwed_;
    if (clock < clockStartDisplay_ || clockAtLastUpdate_ >= clockStopDisplay_ || clockAtLastUpdate_ >= clock) return;
    drawUntil(clock);
  }
  // An access that changes nothing the picture depends on leaves the drawing where it is: drawing
  // the span later, with the same state, gives the same pixels and collisions. Only how far the
  // drawing must get is remembered, so that the next catch-up (at the latest at the frame's end)
  // covers it exactly as if it had been done then.
  void oweCatchUp(int clock) {
    if (clock > catchUpOwed_) catchUpOwed_ = clock;
  }
  bool pokeLeavesPicture(int addr, uint8_t value);
  // A colour register's value as drawn: the low bit is unused, except that odd PAL frames set it.
  uint8_t colourValue(uint8_t value) const {
    return static_cast<uint8_t>((value & 0xFE) | (cfg_.pal && (scanlineCountForLastFrame_ & 1) ? 1 : 0));
  }
  void drawUntil(int clock);
  void drawSpan(int count, int hpos);
  void drawObjects(uint8_t* out, int count, int hpos, bool canCollide);
  void collideSpan(int count, int hpos);
  void endOfLine();
  void greyOut();
  void waitHorizontalSync();
  uint8_t readPot(int pot, uint8_t noise) const;
  int hposAt(int clock) const { return (clock - clockWhenFrameStarted_) % 228; }

  void refreshP0Mask(bool suppressPrimary) { p0Mask_ = {posP0_, uint8_t(nusiz0_ & 7), suppressPrimary}; }
  void refreshP1Mask(bool suppressPrimary) { p1Mask_ = {posP1_, uint8_t(nusiz1_ & 7), suppressPrimary}; }
  void refreshM0Mask() { m0Mask_ = {posM0_, uint8_t(nusiz0_ & 7), uint8_t((nusiz0_ >> 4) & 3), false}; }
  void refreshM1Mask() { m1Mask_ = {posM1_, uint8_t(nusiz1_ & 7), uint8_t((nusiz1_ >> 4) & 3), false}; }
  void refreshBallMask() { blMask_ = {posBL_, uint8_t((ctrlpf_ >> 4) & 3)}; }
  void refreshGraphics();
  void setEnabled(uint8_t bit, bool on) { enabled_ = on ? (enabled_ | bit) : (enabled_ & ~bit); }
  void rebuildLine();  // which objects cover each pixel, from the shapes in force
  void refreshPfLine();  // pfLine_ from PF and its reflection, when they changed
  void repaint(uint8_t objs);  // redo just these objects in the cache

  System& sys_;
  const tia::Tables& tables_;  // held here: tia::tables() checks its initialisation on every call
  CpuSignals& cpu_;
  const Inputs& in_;
  TiaConfig cfg_;
  bool render_ = true;

  std::vector<uint8_t> buffers_;
  uint8_t* current_;
  uint8_t* previous_;
  uint8_t* framePtr_;

  // Frame timing, in colour clocks relative to the system cycle counter (x3).
  int clockWhenFrameStarted_ = 0, clockStartDisplay_ = 0, clockStopDisplay_ = 0;
  int clockAtLastUpdate_ = 0, clocksToEndOfLine_ = 228;
  int startDisplayOffset_ = 0, stopDisplayOffset_ = 0;
  uint32_t scanlineCountForLastFrame_ = 0, currentScanline_ = 0;
  int vsyncFinishClock_ = 0x7FFFFFFF;
  int catchUpOwed_ = -0x7FFFFFFF;  // see oweCatchUp; reset with each frame's clocks
  int frameClockLimit_ = 291 * 228;  // colour clocks from the frame's start
  bool partialFrame_ = false, frameGreyed_ = false;

  // Registers.
  uint8_t enabled_ = 0;
  uint8_t vsync_ = 0, vblank_ = 0, nusiz0_ = 0, nusiz1_ = 0;
  uint8_t colors_[4] = {};  // background, playfield, player 0, player 1
  uint8_t ctrlpf_ = 0, pfPriorityScore_ = 0;
  bool refp0_ = false, refp1_ = false;
  uint32_t pf_ = 0;  // PF0..PF2 as 20 bits in display order of the left half
  uint8_t grp0_ = 0, grp1_ = 0, dgrp0_ = 0, dgrp1_ = 0;
  bool enam0_ = false, enam1_ = false, enabl_ = false, denabl_ = false;
  uint8_t hmp0_ = 0, hmp1_ = 0, hmm0_ = 0, hmm1_ = 0, hmbl_ = 0;
  bool vdelp0_ = false, vdelp1_ = false, vdelbl_ = false, resmp0_ = false, resmp1_ = false;
  uint16_t collisions_ = 0;
  int16_t posP0_ = 0, posP1_ = 0, posM0_ = 0, posM1_ = 0, posBL_ = 0;
  uint8_t curGRP0_ = 0, curGRP1_ = 0;  // graphics as drawn: delayed and reflected
  int lastHmoveClock_ = 0;
  bool hmoveBlank_ = false;
  bool cosmicArk_ = false;
  uint32_t cosmicArkCounter_ = 0;
  bool dumpEnabled_ = false;
  int dumpDisabledCycle_ = 0;

  // Shapes in force on the current line (they change at different moments than registers).
  struct PlayerMask { int16_t pos; uint8_t mode; bool suppressPrimary; };
  struct MissileMask { int16_t pos; uint8_t mode; uint8_t size; bool hidden; };
  struct BallMask { int16_t pos; uint8_t size; };
  PlayerMask p0Mask_{}, p1Mask_{};
  MissileMask m0Mask_{}, m1Mask_{};
  BallMask blMask_{};
  uint8_t pfReflect_ = 0;

  // Cache of the objects covering each pixel of the line; rebuilt when a shape may have changed.
  alignas(8) uint8_t lineObjs_[160] = {};
  bool lineDirty_ = true;   // everything must be recomputed
  uint8_t dirtyObjs_ = 0;   // only these objects changed (object bits)
  bool lineOverlaps_ = false;      // some pixel of the cached line has two objects (a collision)
  uint8_t pfLine_[160] = {};       // the playfield part, kept while PF and its reflection are unchanged
  uint32_t pfLineBits_ = 0xFFFFFFFF;
  uint8_t pfLineReflect_ = 0xFF;
};

}  // namespace emu
