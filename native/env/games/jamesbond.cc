// James Bond 007
#include "env/game_helpers.h"

namespace env::games {

namespace {

class JamesBond final : public LivesGame {
 public:
  JamesBond() : LivesGame(6) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xDC, 0xDD, 0xDE));
    int reserve = lowNibble(m, 0x86);
    terminal_ = reserve == 0 && m.ram(0x8C) == 0x68;  // no craft left and the game-over screen
    lives_ = reserve + 1;
  }
  std::vector<int> modes() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override {
    // 0x8C shows the mode either as it is or with 0x48 added: both mean it is selected.
    selectModeUntil(c, 20, [&] { int v = c.ram(0x8C); return v == mode || v == mode + 0x48; });
  }
};

}  // namespace

std::unique_ptr<Game> jamesbond() { return std::make_unique<JamesBond>(); }

}  // namespace env::games
