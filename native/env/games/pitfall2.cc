// Pitfall II: Lost Caverns
// Pitfall II has no game over; the episode ends at the maximum score.
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Pitfall2 final : public LivesGame {
 public:
  Pitfall2() : LivesGame(1, 4000) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xC9, 0xC8, 0xC7));
    lives_ = 1;
    terminal_ = score_ == 199000;
  }
  std::vector<int> startingActions() const override { return {UP}; }
};

}  // namespace

std::unique_ptr<Game> pitfall2() { return std::make_unique<Pitfall2>(); }

}  // namespace env::games
