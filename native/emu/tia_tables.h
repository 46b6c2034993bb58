// Pattern tables for the TIA's objects, built once at start-up. Every shape is indexed by
// the distance d = (x - position) mod 160 of a pixel from the object's position counter.
#pragma once
#include <cstdint>

namespace emu::tia {

struct Tables {
  uint8_t player[2][8][160];     // [primary copy suppressed][NUSIZ mode][d] -> GRP bit drawn at d
  uint8_t missile[8][4][160];    // [NUSIZ mode][size][d] -> covered
  uint8_t ball[4][160];          // [size][d] -> covered
  uint32_t playfield[2][160];    // [reflect][x] -> PF register bit shown at x
  uint8_t colorIndex[2][256];    // [right half][objects|score|priority] -> 0 bg, 1 pf, 2 p0, 3 p1
  uint16_t collisions[64];       // objects present -> collision latch bits
  // The same shapes as lists of the distances they cover, for drawing an object in a few steps.
  struct Run { uint8_t count; uint8_t d[32]; uint8_t bit[32]; };
  Run playerRuns[2][8];
  Run missileRuns[8][4];
  Run ballRuns[4];
  // For drawing 8 pixels at once: where the copies of a NUSIZ mode start, and a graphics byte as
  // 8 cell masks (byte d is 0xFF when the GRP bit drawn at d is set).
  struct Copies { uint8_t count; uint8_t at[3]; };
  Copies playerCopies[2][8];  // [primary copy suppressed][mode]; unused for modes 5 and 7
  Copies missileCopies[8];
  uint64_t pixelMasks[256];
};

const Tables& tables();

// Copy offsets of the NUSIZ modes (modes 5 and 7 are one stretched copy).
int copyOffsets(int mode, int out[3]);

// How a RESPx strobe relates to the copy being drawn: -1 if it lands in the first four
// clocks of a copy, +1 if it lands while the copy's pixels are being shifted out, else 0.
int resetTiming(int mode, int oldPos, int newPos);

// Extra motion (in pixels, positive = right) applied by HMOVE strobed at CPU cycle `cycle`
// (0..75) of the line, for the 4-bit motion register value `hm`.
int hmoveMotion(int cycle, int hm);

}  // namespace emu::tia
