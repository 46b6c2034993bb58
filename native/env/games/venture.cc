// Venture
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Venture final : public LivesGame {
 public:
  Venture() : LivesGame(4) {}
  void step(GameMemory& m) override {
    setScore(100 * bcdScore(m, 0xC8, 0xC7));
    int livesByte = m.ram(0xC6);
    int sound = m.ram(0xCD);
    int death = m.ram(0xBF);
    terminal_ = livesByte == 0 && sound == 0xFF && (death & 0x80);
    lives_ = (livesByte & 0x7) + 1;
  }
  std::vector<int> difficulties() const override { return range(4); }
};

}  // namespace

std::unique_ptr<Game> venture() { return std::make_unique<Venture>(); }

}  // namespace env::games
