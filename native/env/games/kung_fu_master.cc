// Kung-Fu Master
#include "env/game_helpers.h"

namespace env::games {

namespace {

class KungFuMaster final : public LivesGame {
 public:
  KungFuMaster() : LivesGame(4) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0x9A, 0x99, 0x98));
    int livesByte = m.ram(0x9D);
    terminal_ = wrappedBelowZero(livesByte);
    lives_ = (livesByte & 0x7) + 1;
  }
};

}  // namespace

std::unique_ptr<Game> kung_fu_master() { return std::make_unique<KungFuMaster>(); }

}  // namespace env::games
