// Seaquest
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Seaquest final : public LivesGame {
 public:
  Seaquest() : LivesGame(4) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xBA, 0xB9, 0xB8));
    terminal_ = m.ram(0xA3) != 0;
    lives_ = m.ram(0xBB) + 1;
  }
  std::vector<int> difficulties() const override { return {0, 1}; }
};

}  // namespace

std::unique_ptr<Game> seaquest() { return std::make_unique<Seaquest>(); }

}  // namespace env::games
