// Mario Bros.
#include "env/game_helpers.h"

namespace env::games {

namespace {

class MarioBros final : public LivesGame {
 public:
  MarioBros() : LivesGame(0) {}
  void step(GameMemory& m) override {
    setScore(100 * bcdScore(m, 0x8A, 0x89));
    setLivesOverAtZero(m.ram(0x87));
  }
  std::vector<int> startingActions() const override { return join(repeatAction(NOOP, 10), repeatAction(FIRE, 7)); }
  std::vector<int> modes() const override { return {0, 2, 4, 6}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x80, mode, 5); }
};

}  // namespace

std::unique_ptr<Game> mario_bros() { return std::make_unique<MarioBros>(); }

}  // namespace env::games
