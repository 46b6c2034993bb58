// Tutankham
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Tutankham final : public LivesGame {
 public:
  Tutankham() : LivesGame(3) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0x9C, 0x9A));
    int livesByte = m.ram(0x9E);
    int state = m.ram(0x81);
    terminal_ = livesByte == 0 && state != 0x84;
    lives_ = livesByte & 0x3;
  }
  std::vector<int> modes() const override { return {0, 4, 8, 12}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xAB, mode, 2); }
};

}  // namespace

std::unique_ptr<Game> tutankham() { return std::make_unique<Tutankham>(); }

}  // namespace env::games
