// Amidar
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Amidar final : public LivesGame {
 public:
  Amidar() : LivesGame(3) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xD9, 0xDA, 0xDB));
    int livesByte = m.ram(0xD6);
    terminal_ = livesByte == 0x80;
    lives_ = livesByte & 0x0F;
  }
  std::vector<int> difficulties() const override { return {0, 3}; }
};

}  // namespace

std::unique_ptr<Game> amidar() { return std::make_unique<Amidar>(); }

}  // namespace env::games
