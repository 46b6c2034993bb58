// Turmoil
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Turmoil final : public LivesGame {
 public:
  Turmoil() : LivesGame(4) {}
  void step(GameMemory& m) override {
    int score = bcdScore(m, 0x89, 0x8A) + m.ram(0xD3);
    setScore(10 * score);
    lives_ = m.ram(0xB9);
    terminal_ = lives_ == 0 && m.ram(0xC5) == 0x01;
  }
  std::vector<int> startingActions() const override { return {FIRE}; }
  std::vector<int> modes() const override { return range(9); }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xEA, mode, 2); }
};

}  // namespace

std::unique_ptr<Game> turmoil() { return std::make_unique<Turmoil>(); }

}  // namespace env::games
