// Atlantis II
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Atlantis2 final : public LivesGame {
 public:
  Atlantis2() : LivesGame(6) {}
  void step(GameMemory& m) override {
    lives_ = m.ram(0xF1);
    terminal_ = wrappedBelowZero(lives_);
    if (terminal_) reward_ = 0;  // the score is left as it was: the display clears at the end
    else setScore(bcdScore(m, 0xA1, 0xA2, 0xA3));
  }
};

}  // namespace

std::unique_ptr<Game> atlantis2() { return std::make_unique<Atlantis2>(); }

}  // namespace env::games
