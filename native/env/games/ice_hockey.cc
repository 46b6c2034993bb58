// Ice Hockey
// A timed match: the reward is the goal difference, at most +1 a frame; no lives.
#include <algorithm>

#include "env/game_helpers.h"

namespace env::games {

namespace {

class IceHockey final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    int difference = bcd(m, 0x8A) - bcd(m, 0x8B);
    reward_ = std::min(difference - score_, 1);
    score_ = difference;
    terminal_ = m.ram(0x87) == 0 && m.ram(0x86) == 0;  // the clock's minutes and seconds
  }
  int lives() const override { return 0; }
  std::vector<int> modes() const override { return {0, 2}; }
  std::vector<int> difficulties() const override { return range(4); }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x80, mode, 2); }
};

}  // namespace

std::unique_ptr<Game> ice_hockey() { return std::make_unique<IceHockey>(); }

}  // namespace env::games
