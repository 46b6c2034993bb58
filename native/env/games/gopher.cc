// Gopher
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Gopher final : public LivesGame {
 public:
  Gopher() : LivesGame(3) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xB2, 0xB1, 0xB0));
    // One bit per carrot still in the ground: the lives are the carrots left.
    int carrots = m.ram(0xB4) & 0x7;
    terminal_ = carrots == 0;
    lives_ = (carrots & 1) + ((carrots >> 1) & 1) + ((carrots >> 2) & 1);
  }
  std::vector<int> startingActions() const override { return {FIRE}; }
  std::vector<int> modes() const override { return {0, 2}; }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override {
    c.softReset();  // a game is started once before the variations are stepped through
    selectModeByRam(c, 0xD3, mode, 5);
  }
};

}  // namespace

std::unique_ptr<Game> gopher() { return std::make_unique<Gopher>(); }

}  // namespace env::games
