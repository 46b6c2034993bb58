// H.E.R.O.
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Hero final : public LivesGame {
 public:
  Hero() : LivesGame(4) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xB9, 0xB8, 0xB7));
    setLivesOverAtZero(m.ram(0xB3));
  }
  std::vector<int> modes() const override { return range(5); }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x80, mode); }
};

}  // namespace

std::unique_ptr<Game> hero() { return std::make_unique<Hero>(); }

}  // namespace env::games
