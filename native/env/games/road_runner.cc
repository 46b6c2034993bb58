// Road Runner
#include "env/game_helpers.h"

namespace env::games {

namespace {

class RoadRunner final : public LivesGame {
 public:
  RoadRunner() : LivesGame(3) {}
  void step(GameMemory& m) override {
    setScore(100 * digitScore(m, 0xC9, 4));
    int livesLeft = m.ram(0xC4) & 0x7;
    int yVelocity = m.ram(0xB9);
    int xVelocityOnDeath = m.ram(0xBD);
    terminal_ = livesLeft == 0 && (yVelocity != 0 || xVelocityOnDeath != 0);
    lives_ = livesLeft + 1;
  }
};

}  // namespace

std::unique_ptr<Game> road_runner() { return std::make_unique<RoadRunner>(); }

}  // namespace env::games
