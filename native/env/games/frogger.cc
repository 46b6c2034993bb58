// Frogger
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Frogger final : public LivesGame {
 public:
  Frogger() : LivesGame(4) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xCE, 0xCC));
    lives_ = m.ram(0xD0);
    terminal_ = wrappedBelowZero(lives_);
  }
  // The game numbers are 1..6, the even ones for two players: mode m is game 2m + 1.
  std::vector<int> modes() const override { return range(3); }
  // Left switch: whether a frog carried off screen is lost or comes back on the other side.
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xDD, 2 * mode + 1, 2); }
};

}  // namespace

std::unique_ptr<Game> frogger() { return std::make_unique<Frogger>(); }

}  // namespace env::games
