// Gravitar
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Gravitar final : public LivesGame {
 public:
  Gravitar() : LivesGame(6) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0x89, 0x88, 0x87));
    // 0x81 is the screen shown (1: game over); while it is 0 the full stock of six ships is reported.
    int screen = m.ram(0x81);
    terminal_ = screen == 0x01;
    lives_ = screen == 0x00 ? 6 : m.ram(0x84) + 1;
  }
  std::vector<int> startingActions() const override { return repeatAction(FIRE, 16); }
  std::vector<int> modes() const override { return range(5); }
  void setMode(int mode, GameConsole& c) override {
    while (c.ram(0x80) != mode) c.pressSelect(10);
    static const int kShips[5] = {6, 15, 6, 100, 25};  // the stock each game variation starts with
    lives_ = kShips[mode];
    c.softReset();
  }
};

}  // namespace

std::unique_ptr<Game> gravitar() { return std::make_unique<Gravitar>(); }

}  // namespace env::games
