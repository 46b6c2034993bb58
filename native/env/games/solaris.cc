// Solaris
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Solaris final : public LivesGame {
 public:
  Solaris() : LivesGame(3) {}
  void step(GameMemory& m) override {
    setScore(10 * bcdScore(m, 0xDC, 0xDD, 0xDE));
    int livesByte = m.ram(0xD9);
    terminal_ = livesByte == 0;
    lives_ = livesByte & 0xF;
  }
};

}  // namespace

std::unique_ptr<Game> solaris() { return std::make_unique<Solaris>(); }

}  // namespace env::games
