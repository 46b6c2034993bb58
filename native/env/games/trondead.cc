// TRON: Deadly Discs
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Trondead final : public LivesGame {
 public:
  Trondead() : LivesGame(5) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xBF, 0xBE, 0xBD));
    int hits = m.ram(0xC8);
    terminal_ = hits == 5;
    lives_ = 5 - hits;
  }
  std::vector<int> difficulties() const override { return {0, 1}; }
};

}  // namespace

std::unique_ptr<Game> trondead() { return std::make_unique<Trondead>(); }

}  // namespace env::games
