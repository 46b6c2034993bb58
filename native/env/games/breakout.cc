// Breakout
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Breakout final : public LivesGame {
 public:
  Breakout() : LivesGame(5) {}
  void step(GameMemory& m) override {
    setScore(bcd(m, 77) + 100 * lowNibble(m, 76));
    int livesByte = m.ram(57);  // extra_: the game has started (the lives counter was seen at 5)
    if (!extra_ && livesByte == 5) extra_ = 1;
    terminal_ = extra_ && livesByte == 0;
    lives_ = livesByte;
  }
  std::vector<int> modes() const override { return range(12, 4); }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xB2, mode); }
};

}  // namespace

std::unique_ptr<Game> breakout() { return std::make_unique<Breakout>(); }

}  // namespace env::games
