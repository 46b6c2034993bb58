// Stargunner
#include "env/game_helpers.h"

namespace env::games {

namespace {

class StarGunner final : public LivesGame {
 public:
  StarGunner() : LivesGame(5) {}
  void step(GameMemory& m) override {
    setScore(100 * digitScore(m, 0x83, 4));
    int livesByte = m.ram(0x87);
    terminal_ = livesByte == 0;
    // extra_: the game has started (the lives byte showed the full 5); until then report 5.
    if (livesByte == 0x05) extra_ = 1;
    lives_ = extra_ ? (livesByte & 0xF) : 5;
  }
  std::vector<int> modes() const override { return range(4); }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xF4, mode, 15); }
};

}  // namespace

std::unique_ptr<Game> star_gunner() { return std::make_unique<StarGunner>(); }

}  // namespace env::games
