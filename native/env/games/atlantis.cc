// Atlantis
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Atlantis final : public LivesGame {
 public:
  Atlantis() : LivesGame(6) {}
  void step(GameMemory& m) override {
    int previous = score_;
    setScore(100 * bcdScore(m, 0xA2, 0xA3, 0xA1));
    lives_ = m.ram(0xF1);
    terminal_ = wrappedBelowZero(lives_);
    if (terminal_) {  // the score display is cleared at the end: no reward for that
      reward_ = 0;
      score_ = previous;
    }
  }
  std::vector<int> modes() const override { return range(4); }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x8D, mode, 2); }
};

}  // namespace

std::unique_ptr<Game> atlantis() { return std::make_unique<Atlantis>(); }

}  // namespace env::games
