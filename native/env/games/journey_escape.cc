// Journey Escape
// The cash counter starts at 50,000 on the game's first frame: that jump is no reward. No lives.
#include "env/game_helpers.h"

namespace env::games {

namespace {

class JourneyEscape final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0x92, 0x91, 0x90));
    if (reward_ == 50000) reward_ = 0;
    terminal_ = m.ram(0x95) == 0 && m.ram(0x96) == 0;  // the clock's minutes and seconds
  }
  int lives() const override { return 0; }
  std::vector<int> startingActions() const override { return {FIRE}; }
  std::vector<int> difficulties() const override { return {0, 1}; }
};

}  // namespace

std::unique_ptr<Game> journey_escape() { return std::make_unique<JourneyEscape>(); }

}  // namespace env::games
