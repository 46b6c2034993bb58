// Skiing
// The score is the elapsed time (in centiseconds), so every frame costs reward.
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Skiing final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    int centiseconds = bcdScore(m, 0xEA, 0xE9);
    int minutes = m.ram(0xE8);
    int time = 6000 * minutes + centiseconds;
    reward_ = score_ - time;
    score_ = time;
    terminal_ = m.ram(0x91) == 0xFF;
  }
  int lives() const override { return 0; }
  std::vector<int> startingActions() const override { return repeatAction(DOWN, 16); }
};

}  // namespace

std::unique_ptr<Game> skiing() { return std::make_unique<Skiing>(); }

}  // namespace env::games
