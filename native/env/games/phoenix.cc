// Phoenix
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Phoenix final : public LivesGame {
 public:
  Phoenix() : LivesGame(5) {}
  void step(GameMemory& m) override {
    int score = 10 * bcdScore(m, 0xC8, 0xC9) + highNibble(m, 0xC7);
    setScore(10 * score);
    terminal_ = m.ram(0xCC) == 0x80;
    lives_ = m.ram(0xCB) & 0x7;
  }
};

}  // namespace

std::unique_ptr<Game> phoenix() { return std::make_unique<Phoenix>(); }

}  // namespace env::games
