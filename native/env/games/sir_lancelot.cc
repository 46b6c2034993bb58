// Sir Lancelot
#include "env/game_helpers.h"

namespace env::games {

namespace {

class SirLancelot final : public LivesGame {
 public:
  SirLancelot() : LivesGame(3) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xA0, 0x9F, 0x9E));
    lives_ = m.ram(0xA9);
    terminal_ = lives_ == 0 && m.ram(0xA7) == 0xA0;
  }
  std::vector<int> startingActions() const override { return {kConsoleReset, LEFT}; }
};

}  // namespace

std::unique_ptr<Game> sir_lancelot() { return std::make_unique<SirLancelot>(); }

}  // namespace env::games
