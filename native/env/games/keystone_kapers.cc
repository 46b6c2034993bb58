// Keystone Kapers
#include "env/game_helpers.h"

namespace env::games {

namespace {

class KeystoneKapers final : public LivesGame {
 public:
  KeystoneKapers() : LivesGame(3) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0x9C, 0x9B));
    lives_ = m.ram(0x96);
    terminal_ = lives_ == 0 && m.ram(0x88) == 0x00;
  }
  std::vector<int> startingActions() const override { return {kConsoleReset}; }
};

}  // namespace

std::unique_ptr<Game> keystone_kapers() { return std::make_unique<KeystoneKapers>(); }

}  // namespace env::games
