// Bowling
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Bowling final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xA1, 0xA6));
    terminal_ = m.ram(0xA4) > 0x10;  // the round counter past the last round
  }
  int lives() const override { return 0; }
  std::vector<int> modes() const override { return {0, 2, 4}; }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x82, mode, 2); }
};

}  // namespace

std::unique_ptr<Game> bowling() { return std::make_unique<Bowling>(); }

}  // namespace env::games
