// Shared helpers for game definitions: BCD score digits and the usual bookkeeping.
#pragma once
#include <cstdint>

#include "env/game.h"

namespace env::games {

// Two BCD digits of one RAM byte as a number 0..99 (invalid digits are taken at face value).
inline int bcd(GameMemory& m, int offset) {
  int v = m.ram(static_cast<uint16_t>(offset));
  return 10 * (v >> 4) + (v & 0x0F);
}
// A BCD score over several bytes, least significant byte first; offset < 0 ends the list.
inline int bcdScore(GameMemory& m, int lo, int mid = -1, int hi = -1) {
  int s = bcd(m, lo);
  if (mid >= 0) s += 100 * bcd(m, mid);
  if (hi >= 0) s += 10000 * bcd(m, hi);
  return s;
}

// The usual way to pick a mode: press SELECT until the game's mode byte shows it, then reset.
inline void selectModeByRam(GameConsole& c, int ramOffset, int mode, int selectFrames = 1) {
  while (c.ram(static_cast<uint16_t>(ramOffset)) != mode) c.pressSelect(selectFrames);
  c.softReset();
}

inline std::vector<int> range(int count, int step = 1, int first = 0) {
  std::vector<int> v;
  for (int i = 0; i < count; ++i) v.push_back(first + i * step);
  return v;
}

// Score, reward, terminal and lives kept the same way by most games; saved with the state.
class ScoredGame : public Game {
 public:
  int reward() const override { return reward_; }
  bool terminal() const override { return terminal_; }
  void save(emu::StateWriter& out) const override {
    out.tag(id());
    out.i32(reward_); out.i32(score_); out.boolean(terminal_); out.i32(lives_); out.i32(extra_);
  }
  void load(emu::StateReader& in) override {
    in.expectTag(id());
    reward_ = in.i32(); score_ = in.i32(); terminal_ = in.boolean(); lives_ = in.i32(); extra_ = in.i32();
  }

 protected:
  void setScore(int score) {
    reward_ = score - score_;
    score_ = score;
  }
  int reward_ = 0, score_ = 0, lives_ = 0, extra_ = 0;
  bool terminal_ = false;
};

// A starting action that holds the console RESET switch for that frame (the environment's pseudo-action).
constexpr int kConsoleReset = -1;

// `count` copies of one starting action.
inline std::vector<int> repeatAction(int action, int count) { return std::vector<int>(static_cast<size_t>(count), action); }

// Like selectModeByRam, for games that keep their mode in cartridge RAM (any bus address).
inline void selectModeByPeek(GameConsole& c, uint16_t addr, int mode, int selectFrames = 1) {
  while (c.peek(addr) != mode) c.pressSelect(selectFrames);
  c.softReset();
}

// A ScoredGame whose lives() is the lives count it keeps (0 once the game is over).
class LivesGame : public ScoredGame {
 public:
  int lives() const override { return terminal_ ? 0 : lives_; }
};

}  // namespace env::games
