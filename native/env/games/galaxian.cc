// Galaxian
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Galaxian final : public LivesGame {
 public:
  Galaxian() : LivesGame(3) {}
  void step(GameMemory& m) override {
    setRollingScore(bcdScore(m, 0xAE, 0xAD, 0xAC), 1000000);  // six digits
    terminal_ = (m.ram(0xBF) & 0x80) != 0;
    lives_ = m.ram(0xB9) + 1;  // 0xB9 counts the reserve ships shown below the playfield
  }
  std::vector<int> modes() const override { return range(9, 1, 1); }  // the game numbers 1..9
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xB3, mode); }
};

}  // namespace

std::unique_ptr<Game> galaxian() { return std::make_unique<Galaxian>(); }

}  // namespace env::games
