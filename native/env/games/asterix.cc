// Asterix
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Asterix final : public LivesGame {
 public:
  Asterix() : LivesGame(3) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xE0, 0xDF, 0xDE));
    lives_ = lowNibble(m, 0xD3);
    terminal_ = m.ram(0xC7) == 0x01 && lives_ == 1;  // the death counter running out on the last life
  }
  std::vector<int> startingActions() const override { return {FIRE}; }
};

}  // namespace

std::unique_ptr<Game> asterix() { return std::make_unique<Asterix>(); }

}  // namespace env::games
