// Up'n Down
#include "env/game_helpers.h"

namespace env::games {

namespace {

class UpNDown final : public LivesGame {
 public:
  UpNDown() : LivesGame(5) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0x82, 0x81, 0x80));
    int livesLeft = lowNibble(m, 0x86);
    int deathTimer = m.ram(0x94);
    terminal_ = deathTimer > 0x40 && livesLeft == 0;
    lives_ = livesLeft + 1;
  }
  std::vector<int> startingActions() const override { return {FIRE}; }
  std::vector<int> difficulties() const override { return range(4); }
};

}  // namespace

std::unique_ptr<Game> up_n_down() { return std::make_unique<UpNDown>(); }

}  // namespace env::games
