// Robot Tank
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Robotank final : public LivesGame {
 public:
  Robotank() : LivesGame(4) {}
  void step(GameMemory& m) override {
    // One point per enemy tank; a squadron is 12 tanks.
    int squadrons = m.ram(0xB6);
    int tanks = m.ram(0xB5);
    setScore(12 * squadrons + tanks);
    int endFlag = m.ram(0xB4);
    int livesByte = m.ram(0xA8);
    terminal_ = livesByte == 0 && endFlag == 0xFF;
    lives_ = (livesByte & 0xF) + 1;
  }
};

}  // namespace

std::unique_ptr<Game> robotank() { return std::make_unique<Robotank>(); }

}  // namespace env::games
