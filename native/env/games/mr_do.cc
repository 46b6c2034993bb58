// Mr. Do!
#include "env/game_helpers.h"

namespace env::games {

namespace {

class MrDo final : public LivesGame {
 public:
  MrDo() : LivesGame(4) {}
  void step(GameMemory& m) override {
    setScore(10 * bcdScore(m, 0x82, 0x83));
    lives_ = m.ram(0xDB);
    terminal_ = m.ram(0xDA) == 0x40;
  }
  std::vector<int> startingActions() const override { return {FIRE}; }
  std::vector<int> modes() const override { return range(4); }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x80, mode, 5); }
};

}  // namespace

std::unique_ptr<Game> mr_do() { return std::make_unique<MrDo>(); }

}  // namespace env::games
