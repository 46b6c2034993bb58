// Boxing
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Boxing final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    // 0xC0 in a score byte is how the game shows a knockout (100 points).
    int mine = m.ram(0x92) == 0xC0 ? 100 : bcd(m, 0x92);
    int theirs = m.ram(0x93) == 0xC0 ? 100 : bcd(m, 0x93);
    setScore(mine - theirs);
    if (mine == 100 || theirs == 100) {
      terminal_ = true;
    } else {
      int minutes = highNibble(m, 0x90);
      int seconds = bcd(m, 0x91);
      terminal_ = minutes == 0 && seconds == 0;
    }
  }
  int lives() const override { return 0; }
  std::vector<int> difficulties() const override { return {0, 1, 2, 3}; }
};

}  // namespace

std::unique_ptr<Game> boxing() { return std::make_unique<Boxing>(); }

}  // namespace env::games
