// Space Invaders
#include "env/game_helpers.h"

namespace env::games {

namespace {

class SpaceInvaders final : public LivesGame {
 public:
  SpaceInvaders() : LivesGame(3) {}
  void step(GameMemory& m) override {
    setRollingScore(bcdScore(m, 0xE8, 0xE6), 10000);  // four digits
    lives_ = m.ram(0xC9);
    terminal_ = (m.ram(0x98) & 0x80) || lives_ == 0;
  }
  std::vector<int> modes() const override { return range(16); }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xDC, mode, 2); }
};

}  // namespace

std::unique_ptr<Game> space_invaders() { return std::make_unique<SpaceInvaders>(); }

}  // namespace env::games
