// Frostbite
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Frostbite final : public LivesGame {
 public:
  Frostbite() : LivesGame(4) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xCA, 0xC9, 0xC8));
    int reserve = lowNibble(m, 0xCC);  // lives in reserve (the game never gives more than 9)
    terminal_ = reserve == 0 && (m.ram(0xF1) & 0x80) != 0;
    lives_ = reserve + 1;
  }
  std::vector<int> modes() const override { return {0, 2}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x80, mode, 1); }
};

}  // namespace

std::unique_ptr<Game> frostbite() { return std::make_unique<Frostbite>(); }

}  // namespace env::games
