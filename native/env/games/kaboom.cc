// Kaboom!
// A paddle game (left jack, the default paddle range); lives() is the usual 1 / 0.
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Kaboom final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xA5, 0xA4, 0xA3));
    terminal_ = m.ram(0xA1) == 0 || score_ == 999999;  // no buckets left, or the counter is full
  }
  std::vector<int> startingActions() const override { return {FIRE}; }
};

}  // namespace

std::unique_ptr<Game> kaboom() { return std::make_unique<Kaboom>(); }

}  // namespace env::games
