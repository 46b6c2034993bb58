// Adventure
// No score: the one reward is bringing the chalice home, and the game also ends when a dragon
// swallows the player. Lives are always reported as 1, even once the game is over.
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Adventure final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    bool chaliceHome = m.ram(0xB9) == 0x12;  // the chalice's room is the yellow castle
    if (chaliceHome) reward_ = 1;            // kept until the next reset: the episode ends here anyway
    bool eaten = m.ram(0xE0) == 2;
    terminal_ = eaten || chaliceHome;
  }
  int lives() const override { return 1; }
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

}  // namespace

std::unique_ptr<Game> adventure() { return std::make_unique<Adventure>(); }

}  // namespace env::games
