// Time Pilot
#include "env/game_helpers.h"

namespace env::games {

namespace {

class TimePilot final : public LivesGame {
 public:
  TimePilot() : LivesGame(5) {}
  void step(GameMemory& m) override {
    setScore(100 * bcdScore(m, 0x8D, 0x8F));
    int livesLeft = m.ram(0x8B) & 0x7;
    int screen = lowNibble(m, 0x80);
    terminal_ = m.ram(0xA0) != 0;
    if (screen == 2) lives_ = livesLeft + 1;  // the lives byte is only meaningful while playing
  }
  std::vector<int> difficulties() const override { return range(3); }
};

}  // namespace

std::unique_ptr<Game> time_pilot() { return std::make_unique<TimePilot>(); }

}  // namespace env::games
