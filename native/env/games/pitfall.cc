// Pitfall!
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Pitfall final : public LivesGame {
 public:
  Pitfall() : LivesGame(3, 2000) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xD7, 0xD6, 0xD5));
    int livesBits = highNibble(m, 0x80);  // one bit per spare life
    int logoTimer = m.ram(0x9E);
    terminal_ = livesBits == 0 && logoTimer != 0;
    lives_ = livesBits == 0xA ? 3 : livesBits == 0x8 ? 2 : 1;
  }
  std::vector<int> startingActions() const override { return {UP}; }
};

}  // namespace

std::unique_ptr<Game> pitfall() { return std::make_unique<Pitfall>(); }

}  // namespace env::games
