// Fishing Derby
// The reward is our catch minus the opponent's; the first to 99 pounds wins.
#include "env/game_helpers.h"

namespace env::games {

namespace {

class FishingDerby final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    setScore(bcd(m, 0xBD) - bcd(m, 0xBE));
    terminal_ = m.ram(0xBD) == 0x99 || m.ram(0xBE) == 0x99;
  }
  int lives() const override { return 0; }
  std::vector<int> difficulties() const override { return range(4); }
};

}  // namespace

std::unique_ptr<Game> fishing_derby() { return std::make_unique<FishingDerby>(); }

}  // namespace env::games
