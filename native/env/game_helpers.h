// What the game definitions under games/ share, so that each states only what is particular to it:
// reading scores out of RAM, the bookkeeping of score, reward, terminal flag and lives, and the
// usual ways of picking a mode and listing actions.
//
// RAM offsets are RIOT RAM offsets: 0x80 + n for n < 0x80; written as 0x80..0xFF they are the
// address itself. Every read goes through the console bus and leaves its value on the data bus,
// so a definition reads exactly the bytes the reference reads, in the same order.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

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
// A score kept as one decimal digit per byte (the low nibble), least significant first from
// `first`; the value 0xA draws a blank and counts as 0.
inline int digitScore(GameMemory& m, int first, int count) {
  int score = 0;
  for (int i = 0, scale = 1; i < count; ++i, scale *= 10) {
    int d = m.ram(static_cast<uint16_t>(first + i)) & 0x0F;
    score += scale * (d == 0x0A ? 0 : d);
  }
  return score;
}

// Counters kept in half a byte (lives, mostly).
inline int lowNibble(GameMemory& m, int offset) { return m.ram(static_cast<uint16_t>(offset)) & 0x0F; }
inline int highNibble(GameMemory& m, int offset) { return m.ram(static_cast<uint16_t>(offset)) >> 4; }
// A counter that has gone one below zero: the usual sign that the last life is gone.
inline bool wrappedBelowZero(int counter) { return counter == 0xFF; }

// Score, reward, terminal flag and lives, kept the same way by most games and saved with the
// state. reset() starts an episode over with the lives and score the game starts with; lives()
// is 1 during play and 0 once the game is over (LivesGame reports the count instead).
class ScoredGame : public Game {
 public:
  void reset() override {
    reward_ = 0;
    score_ = startScore_;
    terminal_ = false;
    lives_ = startLives_;
    extra_ = 0;
  }
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
  explicit ScoredGame(int startLives = 0, int startScore = 0) : startLives_(startLives), startScore_(startScore) {}
  // The reward is the change of the score.
  void setScore(int score) {
    reward_ = score - score_;
    score_ = score;
  }
  // The same for a counter that rolls over to 0 at `modulus`: the roll-over is no loss.
  void setRollingScore(int score, int modulus) {
    reward_ = score - score_;
    if (reward_ < 0) reward_ += modulus;
    score_ = score;
  }
  // The lives counter, for the games that are over when it reaches 0.
  void setLivesOverAtZero(int lives) {
    lives_ = lives;
    terminal_ = lives == 0;
  }

  int reward_ = 0, score_ = 0, lives_ = 0;
  int extra_ = 0;  // one more value a game keeps between frames (what it means is said where it is used)
  bool terminal_ = false;

 private:
  int startLives_, startScore_;
};

// A ScoredGame whose lives() is the lives count it keeps (0 once the game is over).
class LivesGame : public ScoredGame {
 public:
  int lives() const override { return terminal_ ? 0 : lives_; }

 protected:
  explicit LivesGame(int startLives, int startScore = 0) : ScoredGame(startLives, startScore) {}
};

// Presses SELECT (`selectFrames` frames a press) until `selected()` is true, then resets: the usual
// way to pick a mode.
template <class Selected>
void selectModeUntil(GameConsole& c, int selectFrames, Selected selected) {
  while (!selected()) c.pressSelect(selectFrames);
  c.softReset();
}
// The same, for a game whose mode byte in RIOT RAM shows the mode.
inline void selectModeByRam(GameConsole& c, int ramOffset, int mode, int selectFrames = 1) {
  selectModeUntil(c, selectFrames, [&] { return c.ram(static_cast<uint16_t>(ramOffset)) == mode; });
}
// The same, for a game that keeps its mode in cartridge RAM (any bus address).
inline void selectModeByPeek(GameConsole& c, uint16_t addr, int mode, int selectFrames = 1) {
  selectModeUntil(c, selectFrames, [&] { return c.peek(addr) == mode; });
}

// `count` numbers from `first` in steps of `step` (mode and difficulty lists).
inline std::vector<int> range(int count, int step = 1, int first = 0) {
  std::vector<int> v;
  for (int i = 0; i < count; ++i) v.push_back(first + i * step);
  return v;
}
// `a` followed by `b` (lists of modes or starting actions).
inline std::vector<int> join(std::vector<int> a, const std::vector<int>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// A starting action that holds the console RESET switch for that frame (the environment's pseudo-action).
constexpr int kConsoleReset = -1;

// `count` copies of one starting action.
inline std::vector<int> repeatAction(int action, int count) { return std::vector<int>(static_cast<size_t>(count), action); }

}  // namespace env::games
