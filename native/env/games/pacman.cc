// Pac-Man
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Pacman final : public LivesGame {
 public:
  Pacman() : LivesGame(4) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xCC, 0xCE, 0xD0));
    lives_ = m.ram(0x98) + 1;
    int animation = m.ram(0xE4);
    terminal_ = lives_ == 1 && animation == 0x3F;
  }
  std::vector<int> modes() const override { return range(8); }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override {
    // The select switch cycles game numbers for one and two players; stop at the one-player one.
    selectModeUntil(c, 2, [&] {
      int shown = static_cast<uint8_t>(c.ram(0xCC) - 1);
      bool onePlayer = c.ram(0xE6) == 0;
      return shown == mode && onePlayer;
    });
  }
};

}  // namespace

std::unique_ptr<Game> pacman() { return std::make_unique<Pacman>(); }

}  // namespace env::games
