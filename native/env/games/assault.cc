// Assault
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Assault final : public LivesGame {
 public:
  Assault() : LivesGame(4) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0x82, 0x81, 0x80));
    setLivesOverAtZero(m.ram(0xE5));
  }
};

}  // namespace

std::unique_ptr<Game> assault() { return std::make_unique<Assault>(); }

}  // namespace env::games
