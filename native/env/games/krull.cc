// Krull
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Krull final : public LivesGame {
 public:
  Krull() : LivesGame(3) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0x9E, 0x9D, 0x9C));
    int livesByte = m.ram(0x9F);
    int phase = m.ram(0xA2), flags = m.ram(0x80);
    terminal_ = livesByte == 0 && phase == 0x03 && flags == 0x80;
    lives_ = (livesByte & 0x7) + 1;
  }
};

}  // namespace

std::unique_ptr<Game> krull() { return std::make_unique<Krull>(); }

}  // namespace env::games
