// Entombed
// The score is a plain binary byte; lives() is 0 or 1 even though the game keeps a count.
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Entombed final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    setScore(m.ram(0xE3));
    terminal_ = (m.ram(0xC7) & 0x03) == 0;  // lives in the low two bits
  }
  // The left switch sets how many make-breaks a flashing block gives.
  std::vector<int> difficulties() const override { return {0, 2}; }
  // FIRE (not RESET) starts the game, which then takes a few frames to set up.
  std::vector<int> startingActions() const override { return join({FIRE}, repeatAction(NOOP, 5)); }
};

}  // namespace

std::unique_ptr<Game> entombed() { return std::make_unique<Entombed>(); }

}  // namespace env::games
