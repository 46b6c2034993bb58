// Air Raid
#include "env/game_helpers.h"

namespace env::games {

namespace {

class AirRaid final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xAA, 0xA9, 0xA8));
    terminal_ = wrappedBelowZero(m.ram(0xA7));  // the lives counter
  }
  std::vector<int> startingActions() const override { return {FIRE}; }
  std::vector<int> modes() const override { return range(8, 1, 1); }
  void setMode(int mode, GameConsole& c) override {
    c.pressSelect(20);  // opens the selection; then each longer press steps the variation shown in 0xAA
    selectModeByRam(c, 0xAA, mode, 10);
  }
};

}  // namespace

std::unique_ptr<Game> air_raid() { return std::make_unique<AirRaid>(); }

}  // namespace env::games
