#include "emu/tia_tables.h"

#include <algorithm>

namespace emu::tia {

int copyOffsets(int mode, int out[3]) {
  switch (mode & 7) {
    case 1: out[0] = 0; out[1] = 16; return 2;
    case 2: out[0] = 0; out[1] = 32; return 2;
    case 3: out[0] = 0; out[1] = 16; out[2] = 32; return 3;
    case 4: out[0] = 0; out[1] = 64; return 2;
    case 6: out[0] = 0; out[1] = 32; out[2] = 64; return 3;
    default: out[0] = 0; return 1;
  }
}

static uint32_t playfieldBitForCell(int cell) {
  // Cells 0..19 of the left half in display order: PF0 bits 4..7, PF1 bits 7..0, PF2 bits 0..7,
  // held in one 20-bit word as PF0>>4 | PF1<<4 | PF2<<12.
  if (cell < 4) return 1u << cell;
  if (cell < 12) return 0x800u >> (cell - 4);
  return 0x1000u << (cell - 12);
}

static Tables build() {
  Tables t{};
  for (int suppress = 0; suppress < 2; ++suppress) {
    for (int mode = 0; mode < 8; ++mode) {
      int offs[3];
      int n = copyOffsets(mode, offs);
      for (int i = 0; i < n; ++i) {
        if (offs[i] == 0 && suppress) continue;  // the primary copy restarts only next line
        if (mode == 5 || mode == 7) {
          // Stretched players start one pixel late.
          int scale = mode == 5 ? 2 : 4;
          for (int d = 1; d <= 8 * scale; ++d) t.player[suppress][mode][d % 160] = 0x80 >> ((d - 1) / scale);
        } else {
          for (int d = 0; d < 8; ++d) t.player[suppress][mode][(offs[i] + d) % 160] = 0x80 >> d;
        }
      }
    }
  }
  for (int mode = 0; mode < 8; ++mode) {
    int offs[3];
    int n = copyOffsets(mode, offs);
    for (int size = 0; size < 4; ++size)
      for (int i = 0; i < n; ++i)
        for (int d = 0; d < (1 << size); ++d) t.missile[mode][size][(offs[i] + d) % 160] = 1;
  }
  for (int size = 0; size < 4; ++size)
    for (int d = 0; d < (1 << size); ++d) t.ball[size][d] = 1;
  for (int x = 0; x < 160; ++x) {
    int cell = (x % 80) / 4;
    t.playfield[0][x] = playfieldBitForCell(cell);
    t.playfield[1][x] = playfieldBitForCell(x < 80 ? cell : 19 - cell);
  }
  for (int half = 0; half < 2; ++half) {
    for (int bits = 0; bits < 256; ++bits) {
      bool p0 = bits & 0x03, p1 = bits & 0x0C, bl = bits & 0x10, pf = bits & 0x20;
      bool score = bits & 0x40, priority = bits & 0x80;
      uint8_t c = 0;
      if (priority) {
        // Playfield and ball in front of the players.
        if (p1) c = 3;
        if (p0) c = 2;
        if (bl || pf) c = 1;
      } else {
        if (bl) c = 1;
        if (pf) c = score ? (half == 0 ? 2 : 3) : 1;
        if (p1 && c != 2) c = 3;
        if (p0) c = 2;
      }
      t.colorIndex[half][bits] = c;
    }
  }
  // Latch bits in register order: CXM0P, CXM1P, CXP0FB, CXP1FB, CXM0FB, CXM1FB, CXBLPF, CXPPMM.
  static const uint8_t kPairs[15][2] = {
      {0x02, 0x04}, {0x02, 0x01}, {0x08, 0x01}, {0x08, 0x04}, {0x01, 0x20}, {0x01, 0x10},
      {0x04, 0x20}, {0x04, 0x10}, {0x02, 0x20}, {0x02, 0x10}, {0x08, 0x20}, {0x08, 0x10},
      {0x10, 0x20}, {0x01, 0x04}, {0x02, 0x08}};
  for (int objs = 0; objs < 64; ++objs)
    for (int i = 0; i < 15; ++i)
      if ((objs & kPairs[i][0]) && (objs & kPairs[i][1])) t.collisions[objs] |= 1u << i;
  auto toRun = [](const uint8_t* row, Tables::Run& run) {
    run.count = 0;
    for (int d = 0; d < 160; ++d) {
      if (!row[d]) continue;
      run.d[run.count] = static_cast<uint8_t>(d);
      run.bit[run.count] = row[d];
      ++run.count;
    }
  };
  for (int s = 0; s < 2; ++s)
    for (int mode = 0; mode < 8; ++mode) toRun(t.player[s][mode], t.playerRuns[s][mode]);
  for (int mode = 0; mode < 8; ++mode)
    for (int size = 0; size < 4; ++size) toRun(t.missile[mode][size], t.missileRuns[mode][size]);
  for (int size = 0; size < 4; ++size) toRun(t.ball[size], t.ballRuns[size]);
  for (int mode = 0; mode < 8; ++mode) {
    int offs[3];
    int n = copyOffsets(mode, offs);
    for (int i = 0; i < n; ++i) {
      t.missileCopies[mode].at[t.missileCopies[mode].count++] = static_cast<uint8_t>(offs[i]);
      for (int s = 0; s < 2; ++s) {
        if (offs[i] == 0 && s) continue;
        Tables::Copies& c = t.playerCopies[s][mode];
        c.at[c.count++] = static_cast<uint8_t>(offs[i]);
      }
    }
  }
  for (int g = 0; g < 256; ++g)
    for (int d = 0; d < 8; ++d)
      if (g & (0x80 >> d)) t.pixelMasks[g] |= 0xFFull << (8 * d);
  return t;
}

const Tables& tables() {
  static const Tables t = build();
  return t;
}

int resetTiming(int mode, int oldPos, int newPos) {
  int offs[3];
  int n = copyOffsets(mode, offs);
  int width = mode == 5 ? 16 : mode == 7 ? 32 : 8;
  int result = 0;
  // A position counter wraps at 160; a copy may straddle the wrap, so test newPos both as is and one
  // line later; the later reading wins, and within a reading "shifting out" wins over "starting".
  for (int x = newPos; x < 160 + 72 + 5; x += 160) {
    int v = 0;
    for (int i = 0; i < n; ++i)
      if (x >= oldPos + offs[i] && x < oldPos + offs[i] + 4) v = -1;
    for (int i = 0; i < n; ++i)
      if (x >= oldPos + offs[i] + 4 && x < oldPos + offs[i] + 4 + width) v = 1;
    if (v != 0) result = v;
  }
  return result;
}

int hmoveMotion(int cycle, int hm) {
  // Motion registers hold -8..7 in two's complement, moving left for positive values.
  int full = hm < 8 ? -hm : 16 - hm;
  // HMOVE late in horizontal blank: fewer of the 15 extra clock pulses arrive before the
  // blank ends, so leftward moves are cut short (a floor on the motion).
  static const int kBlankFloor[21] = {-8, -8, -8, -8, -6, -5, -5, -4, -3, -2, -2,
                                      -1, 0, 1, 1, 2, 3, 4, 4, 5, 6};
  // HMOVE during the visible line: objects already clocked lose pixels instead.
  static const int kLateShift[20] = {6, 5, 4, 4, 3, 2, 1, 1, 0, -1, -2, -2, -3, -4, -5, -5, -6, -7, -8, -8};
  if (cycle <= 20) return std::max(full, kBlankFloor[cycle]);
  if (cycle <= 54) return 0;
  if (cycle <= 74) return std::min(0, full + kLateShift[cycle - 55]);
  return full;
}

}  // namespace emu::tia
