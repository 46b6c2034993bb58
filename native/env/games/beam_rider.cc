// Beamrider
#include "env/game_helpers.h"

namespace env::games {

namespace {

class BeamRider final : public LivesGame {
 public:
  BeamRider() : LivesGame(3) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 9, 10, 11));
    int lives = m.ram(0x85) + 1;
    // A lost life only counts once the game confirms it.
    if (lives == lives_ - 1) {
      if (m.ram(0x8C) == 0x01) lives_ = lives;
    } else {
      lives_ = lives;
    }
    terminal_ = m.ram(5) == 255;
  }
  std::vector<int> startingActions() const override { return {RIGHT}; }
  std::vector<int> difficulties() const override { return {0, 1}; }
};

}  // namespace

std::unique_ptr<Game> beam_rider() { return std::make_unique<BeamRider>(); }

}  // namespace env::games
