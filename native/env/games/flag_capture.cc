// Flag Capture
// One player against a 75-second clock (BCD seconds in 0xEB): the game ends when it reaches 0.
#include "env/game_helpers.h"

namespace env::games {

namespace {

class FlagCapture final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    setScore(bcd(m, 0xEA));
    terminal_ = bcd(m, 0xEB) == 0;
  }
  // Games 8..10 are the one-player ones (a still or a moving flag).
  std::vector<int> modes() const override { return {8, 9, 10}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xD6, mode, 2); }
};

}  // namespace

std::unique_ptr<Game> flag_capture() { return std::make_unique<FlagCapture>(); }

}  // namespace env::games
