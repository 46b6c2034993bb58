// Othello
// Score is the disc difference; the game counts as over once the game stops asking for input.
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Othello final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    int white = bcd(m, 0xCE), black = bcd(m, 0xD0);
    setScore(white - black);
    extra_ = m.ram(0xC0) == 0 ? extra_ + 1 : 0;  // frames without a player to move
    terminal_ = extra_ > 50;
  }
  std::vector<int> modes() const override { return range(3); }
  std::vector<int> difficulties() const override { return {0, 2}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xDE, mode + 1, 2); }
};

}  // namespace

std::unique_ptr<Game> othello() { return std::make_unique<Othello>(); }

}  // namespace env::games
