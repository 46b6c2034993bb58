// Space War
// The mode number shows where the score will later be, so selection watches that byte too.
#include "env/game_helpers.h"

namespace env::games {

namespace {

class SpaceWar final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    int score = bcd(m, 0xA7);
    setScore(score);
    int timer = m.ram(0x80);
    terminal_ = score == 10 || timer == 0;
  }
  std::vector<int> modes() const override { return range(12, 1, 6); }
  void setMode(int mode, GameConsole& c) override {
    selectModeUntil(c, 2, [&] { return bcd(c, 0xA7) == mode; });
  }
};

}  // namespace

std::unique_ptr<Game> space_war() { return std::make_unique<SpaceWar>(); }

}  // namespace env::games
