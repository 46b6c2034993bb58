// Surround
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Surround final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    int theirs = bcd(m, 0xF6);
    int mine = bcd(m, 0xF7);
    setScore(mine - theirs);
    terminal_ = theirs == 10 || mine == 10;
  }
  std::vector<int> modes() const override { return {0, 2}; }
  std::vector<int> difficulties() const override { return range(4); }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xF9, mode + 1, 2); }
};

}  // namespace

std::unique_ptr<Game> surround() { return std::make_unique<Surround>(); }

}  // namespace env::games
