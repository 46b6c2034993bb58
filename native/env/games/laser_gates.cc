// Laser Gates
#include "env/game_helpers.h"

namespace env::games {

namespace {

class LaserGates final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0x82, 0x81, 0x80));
    terminal_ = m.ram(0x83) == 0x00;
  }
  int lives() const override { return 0; }
  std::vector<int> startingActions() const override { return {kConsoleReset}; }
};

}  // namespace

std::unique_ptr<Game> laser_gates() { return std::make_unique<LaserGates>(); }

}  // namespace env::games
