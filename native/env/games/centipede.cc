// Centipede
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Centipede final : public LivesGame {
 public:
  Centipede() : LivesGame(3) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xF6, 0xF5, 0xF4));
    if (reward_ < 0) reward_ = 0;  // a drop (the score cleared for a new game) is no reward
    lives_ = (highNibble(m, 0xED) & 0x07) + 1;  // spare lives in bits 4-6
    terminal_ = (m.ram(0xA6) & 0x40) != 0;
  }
  std::vector<int> modes() const override { return {0x16, 0x56}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xA7, mode, 2); }
};

}  // namespace

std::unique_ptr<Game> centipede() { return std::make_unique<Centipede>(); }

}  // namespace env::games
