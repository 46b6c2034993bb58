// Donkey Kong
#include "env/game_helpers.h"

namespace env::games {

namespace {

class DonkeyKong final : public LivesGame {
 public:
  DonkeyKong() : LivesGame(2) {}
  void step(GameMemory& m) override {
    setScore(100 * bcdScore(m, 0x88, 0x87));
    lives_ = m.ram(0xA3);
    terminal_ = lives_ == 0 && m.ram(0x8F) == 0x03 && m.ram(0x8B) == 0x1F;
  }
};

}  // namespace

std::unique_ptr<Game> donkey_kong() { return std::make_unique<DonkeyKong>(); }

}  // namespace env::games
