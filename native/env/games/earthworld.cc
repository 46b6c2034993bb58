// Earthworld (SwordQuest)
// No score on screen: each clue found is a point, and the tenth clue ends the game.
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Earthworld final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    setScore(bcd(m, 0xA7));
    terminal_ = score_ == 10;
  }
};

}  // namespace

std::unique_ptr<Game> earthworld() { return std::make_unique<Earthworld>(); }

}  // namespace env::games
