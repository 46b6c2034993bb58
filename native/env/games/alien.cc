// Alien
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Alien final : public ScoredGame {
 public:
  Alien() : ScoredGame(3) {}
  void step(GameMemory& m) override {
    // Each score digit is kept as a sprite offset (digit * 8); 0x80 is a blank leading digit.
    auto digit = [&](int a) { int v = m.ram(a); return v == 0x80 ? 0 : v >> 3; };
    setScore(10 * (digit(0x8B) + 10 * digit(0x89) + 100 * digit(0x87) + 1000 * digit(0x85) + 10000 * digit(0x83)));
    setLivesOverAtZero(lowNibble(m, 0xC0));
  }
  int lives() const override { return lives_; }
  std::vector<int> modes() const override { return range(4); }
  std::vector<int> difficulties() const override { return range(4); }
  void setMode(int mode, GameConsole& c) override {
    while (c.ram(0x81) != mode) c.pressSelect();
    lives_ = lowNibble(c, 0xC0);
    c.softReset();
  }
};

}  // namespace

std::unique_ptr<Game> alien() { return std::make_unique<Alien>(); }

}  // namespace env::games
