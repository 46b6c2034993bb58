// Pooyan
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Pooyan final : public LivesGame {
 public:
  Pooyan() : LivesGame(3) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0x8A, 0x89, 0x88));
    int livesByte = m.ram(0x96);
    int phase = m.ram(0x98);
    terminal_ = livesByte == 0x0 && phase == 0x05;
    lives_ = (livesByte & 0x7) + 1;
  }
  std::vector<int> modes() const override { return {0x0A, 0x1E, 0x32, 0x46}; }
  void setMode(int mode, GameConsole& c) override {
    c.pressSelect(2);  // the first press only wakes the selection up
    selectModeByRam(c, 0xBD, mode, 2);
  }
};

}  // namespace

std::unique_ptr<Game> pooyan() { return std::make_unique<Pooyan>(); }

}  // namespace env::games
