// Centipede, Chopper Command, Crazy Climber and Crossbow.
#include "env/games/games_a_to_k.h"
#include "env/games/score.h"

namespace env::games {

namespace {

class Centipede final : public LivesGame {
 public:
  Centipede() { reset(); }
  const char* id() const override { return "centipede"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 3; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xF6, 0xF5, 0xF4));
    if (reward_ < 0) reward_ = 0;  // a drop (the score cleared for a new game) is no reward
    lives_ = ((m.ram(0xED) >> 4) & 0x07) + 1;  // spare lives in bits 4-6
    terminal_ = (m.ram(0xA6) & 0x40) != 0;
  }
  std::vector<int> minimalActions() const override { return range(18); }
  std::vector<int> modes() const override { return {0x16, 0x56}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xA7, mode, 2); }
};

// The lives counter reads 0 on the selection screen too, so it only means the end once the game
// has started: extra_ records that the chopper has faced right (bit 0 of 0xC2), as it does at the
// start of play and never on the selection screen. lives() is the raw count, also when over.
class ChopperCommand final : public ScoredGame {
 public:
  ChopperCommand() { reset(); }
  const char* id() const override { return "chopper_command"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 3; extra_ = 0; }
  void step(GameMemory& m) override {
    setScore(100 * bcdScore(m, 0xEE, 0xEC));
    lives_ = m.ram(0xE4) & 0x0F;
    terminal_ = lives_ == 0;  // taken together with extra_ in terminal()
    extra_ |= m.ram(0xC2) & 0x01;
  }
  bool terminal() const override { return extra_ != 0 && terminal_; }
  int lives() const override { return lives_; }
  std::vector<int> minimalActions() const override { return range(18); }
  std::vector<int> modes() const override { return {0, 2}; }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xE0, mode, 2); }
};

class CrazyClimber final : public LivesGame {
 public:
  CrazyClimber() { reset(); }
  const char* id() const override { return "crazy_climber"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 5; }
  void step(GameMemory& m) override {
    // Four score digits, one per byte (hundreds of points), least significant first.
    int score = 0;
    for (int i = 0, scale = 1; i < 4; ++i, scale *= 10) score += scale * m.ram(static_cast<uint16_t>(0x82 + i));
    setScore(100 * score);
    if (reward_ < 0) reward_ = 0;
    lives_ = m.ram(0xAA);
    terminal_ = lives_ == 0;
  }
  std::vector<int> minimalActions() const override { return {NOOP, UP, RIGHT, LEFT, DOWN, UPRIGHT, UPLEFT, DOWNRIGHT, DOWNLEFT}; }
  std::vector<int> modes() const override { return range(4); }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x80, mode, 2); }
};

class Crossbow final : public ScoredGame {
 public:
  Crossbow() { reset(); }
  const char* id() const override { return "crossbow"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0x8D, 0x8C, 0x8B));
    terminal_ = m.ram(0xE7) == 0x82;
  }
  std::vector<int> minimalActions() const override { return range(18); }
  std::vector<int> modes() const override { return {0, 2, 4, 6}; }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override {
    // On the selection screen the score's low byte (0x8D) shows the game number, one above the mode.
    while (static_cast<uint8_t>(c.ram(0x8D) - 1) != mode) c.pressSelect(2);
    c.softReset();
  }
};

}  // namespace

void registerCentipedeToCrossbow(Registry& r) {
  r.add("centipede", "91c2098e88a6b13f977af8c003e0bca5", make<Centipede>());
  r.add("chopper_command", "c1cb228470a87beb5f36e90ac745da26", make<ChopperCommand>());
  r.add("crazy_climber", "55ef7b65066428367844342ed59f956c", make<CrazyClimber>());
  r.add("crossbow", "8cd26dcf249456fe4aeb8db42d49df74", make<Crossbow>());
}

}  // namespace env::games
