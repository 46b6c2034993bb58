// Human Cannonball
// Seven hits win, seven misses lose; there is no lives counter.
#include "env/game_helpers.h"

namespace env::games {

namespace {

class HumanCannonball final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    setScore(bcd(m, 0xB6));
    extra_ = bcd(m, 0xB7);  // misses
    terminal_ = score_ == 7 || extra_ == 7;
  }
  std::vector<int> modes() const override { return range(8); }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override {
    // Before a game the two score bytes show the game number (1-based) and the number of players.
    selectModeUntil(c, 2, [&] { return static_cast<uint8_t>(c.ram(0xB6) - 1) == mode && c.ram(0xB7) == 1; });
  }
};

}  // namespace

std::unique_ptr<Game> human_cannonball() { return std::make_unique<HumanCannonball>(); }

}  // namespace env::games
