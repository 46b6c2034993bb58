// Carnival
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Carnival final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    setScore(10 * bcdScore(m, 0xAE, 0xAD));
    terminal_ = m.ram(0x83) < 1;  // out of bullets
  }
  int lives() const override { return 0; }
};

}  // namespace

std::unique_ptr<Game> carnival() { return std::make_unique<Carnival>(); }

}  // namespace env::games
