// Enduro
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Enduro final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    // The game counts down the cars still to pass each day; the score is the cars passed.
    int score = 0;
    int day = m.ram(0xAD);
    if (day != 0) {
      int left = bcdScore(m, 0xAB, 0xAC);
      int passed = (day == 1 ? 200 : 300) - left;
      if (day >= 2) score = 200 + (day - 2) * 300;
      score += passed;
    }
    setScore(score);
    terminal_ = m.ram(0xAF) == 0xFF;
  }
  int lives() const override { return 0; }
  std::vector<int> startingActions() const override { return {FIRE}; }
};

}  // namespace

std::unique_ptr<Game> enduro() { return std::make_unique<Enduro>(); }

}  // namespace env::games
