// Berzerk
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Berzerk final : public LivesGame {
 public:
  Berzerk() : LivesGame(3) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 95, 94, 93));
    int livesByte = m.ram(0xDA);
    terminal_ = wrappedBelowZero(livesByte);
    lives_ = livesByte + 1;
  }
  std::vector<int> modes() const override { return join(range(9, 1, 1), {0x10, 0x11, 0x12}); }
  void setMode(int mode, GameConsole& c) override {
    for (int i = 0; i < 20; ++i) c.act(NOOP, NOOP);  // let the title settle before selecting
    selectModeByRam(c, 0x80, mode, 2);
  }
};

}  // namespace

std::unique_ptr<Game> berzerk() { return std::make_unique<Berzerk>(); }

}  // namespace env::games
