// Kangaroo
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Kangaroo final : public LivesGame {
 public:
  Kangaroo() : LivesGame(3) {}
  void step(GameMemory& m) override {
    setScore(100 * bcdScore(m, 0xA8, 0xA7));  // the display's last two digits are always 00
    int reserve = m.ram(0xAD);
    terminal_ = wrappedBelowZero(reserve);
    lives_ = (reserve & 0x7) + 1;
  }
  std::vector<int> modes() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override {
    // 0xBA shows the mode with or without its top bit set: both mean it is selected.
    selectModeUntil(c, 2, [&] { int v = c.ram(0xBA); return v == mode || v == mode + 0x80; });
  }
};

}  // namespace

std::unique_ptr<Game> kangaroo() { return std::make_unique<Kangaroo>(); }

}  // namespace env::games
