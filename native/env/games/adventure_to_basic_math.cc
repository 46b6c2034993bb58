// Adventure, Atlantis II, Backgammon and Basic Math (Fun with Numbers).
#include "env/games/games_a_to_k.h"
#include "env/games/score.h"

namespace env::games {

namespace {

// No score: the one reward is bringing the chalice home, and the game also ends when a dragon
// swallows the player. Lives are always reported as 1, even once the game is over.
class Adventure final : public ScoredGame {
 public:
  Adventure() { reset(); }
  const char* id() const override { return "adventure"; }
  void reset() override { reward_ = 0; terminal_ = false; }
  void step(GameMemory& m) override {
    bool chaliceHome = m.ram(0xB9) == 0x12;  // the chalice's room is the yellow castle
    if (chaliceHome) reward_ = 1;            // kept until the next reset: the episode ends here anyway
    bool eaten = m.ram(0xE0) == 2;
    terminal_ = eaten || chaliceHome;
  }
  int lives() const override { return 1; }
  std::vector<int> minimalActions() const override { return range(18); }
  std::vector<int> modes() const override { return range(3); }
  std::vector<int> difficulties() const override { return range(4); }
  void setMode(int mode, GameConsole& c) override {
    // The level shows in bits 1-2 of 0xDD. The game only takes SELECT presses of some length, so
    // each press lasts a random number of frames from the environment's generator.
    auto level = [&] { return (c.ram(0xDD) >> 1) & 0x03; };
    while (level() != mode) {
      c.pressSelect(2 + static_cast<int>(c.environmentRandom() % 256));
      c.act(NOOP, NOOP);
    }
    c.softReset();
  }
};

class Atlantis2 final : public ScoredGame {
 public:
  // The lives count is only ever read from RAM (a new episode does not reset it).
  Atlantis2() { reset(); lives_ = 6; }
  const char* id() const override { return "atlantis2"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; }
  void step(GameMemory& m) override {
    lives_ = m.ram(0xF1);
    terminal_ = lives_ == 0xFF;  // the lives counter wraps below zero at the end
    if (terminal_) reward_ = 0;  // the score is left as it was: the display clears at the end
    else setScore(bcdScore(m, 0xA1, 0xA2, 0xA3));
  }
  int lives() const override { return terminal_ ? 0 : lives_; }
  std::vector<int> minimalActions() const override { return {NOOP, FIRE, RIGHTFIRE, LEFTFIRE}; }
};

// Reward +1 for bearing off all 15 of one's pieces first, -1 when the computer does.
class Backgammon final : public ScoredGame {
 public:
  Backgammon() { reset(); }
  const char* id() const override { return "backgammon"; }
  void modifySettings(GameSettings& s) const override { s.paddleMax = 1000000; }
  void reset() override { reward_ = 0; terminal_ = false; }
  void step(GameMemory& m) override {
    // Each point holds a signed count: the computer's pieces positive, the player's negative.
    // 0x80 and 0x8E are the borne-off counts (the player's stored negated); the points are
    // 0x81..0x8D and 0x8F..0x9B. Counts are bytes, so the sums wrap as bytes do.
    auto pieces = [&](int a) { return static_cast<int8_t>(m.ram(static_cast<uint16_t>(a))); };
    int8_t playerOff = static_cast<int8_t>(-pieces(0x80));
    int8_t computerOff = pieces(0x8E);
    int8_t playerOn = 0, computerOn = 0;
    for (int a = 0x81; a <= 0x9B; ++a) {
      if (a == 0x8E) continue;
      int8_t p = pieces(a);
      if (p > 0) computerOn = static_cast<int8_t>(computerOn + p);
      else if (p < 0) playerOn = static_cast<int8_t>(playerOn - p);
    }
    // Only a board that accounts for all 30 pieces is read (not one in the middle of being set up).
    if (computerOn + computerOff != 15 || playerOn + playerOff != 15) return;
    if (playerOff == 15) {
      terminal_ = true;
      reward_ = 1;
    } else if (computerOff == 15) {
      terminal_ = true;
      reward_ = -1;
    }
  }
  std::vector<int> minimalActions() const override { return {FIRE, RIGHT, LEFT}; }
  std::vector<int> difficulties() const override { return {3}; }
  // The only mode is the game against the computer: 0xDC = 3 on the selection screen.
  void setMode(int mode, GameConsole& c) override { (void)mode; selectModeByRam(c, 0xDC, 3); }
};

// One point per right answer (0x84); 0x86 turns non-zero when the round of problems is over.
class BasicMath final : public ScoredGame {
 public:
  BasicMath() { reset(); }
  const char* id() const override { return "basic_math"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; }
  void step(GameMemory& m) override {
    setScore(bcd(m, 0x84));
    terminal_ = bcd(m, 0x86) != 0;
  }
  std::vector<int> minimalActions() const override { return {NOOP, FIRE, UP, RIGHT, LEFT, DOWN}; }
  // The game numbers of the cartridge that ALE offers (0xC5 holds the selected one).
  std::vector<int> modes() const override { return {5, 6, 7, 8}; }
  std::vector<int> difficulties() const override { return {0, 2, 3}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xC5, mode, 2); }
};

}  // namespace

void registerAdventureToBasicMath(Registry& r) {
  r.add("adventure", "4b27f5397c442d25f0c418ccdacf1926", make<Adventure>());
  r.add("atlantis2", "826481f6fc53ea47c9f272f7050eedf7", make<Atlantis2>());
  r.add("backgammon", "8556b42aa05f94bc29ff39c39b11bff4", make<Backgammon>());
  r.add("basic_math", "819aeeb9a2e11deb54e6de334f843894", make<BasicMath>());
}

}  // namespace env::games
