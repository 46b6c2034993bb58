// Ms. Pac-Man
#include "env/game_helpers.h"

namespace env::games {

namespace {

class MsPacman final : public LivesGame {
 public:
  MsPacman() : LivesGame(3) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xF8, 0xF9, 0xFA));
    int livesByte = lowNibble(m, 0xFB);
    terminal_ = livesByte == 0 && m.ram(0xA7) == 0x53;  // no lives left and the death animation ran
    lives_ = (livesByte & 0x7) + 1;
  }
  std::vector<int> modes() const override { return range(4); }
  void setMode(int mode, GameConsole& c) override {
    // Mode 0 is the standard game (game 1, variation 1); mode m > 0 is game m, variation 0.
    int wantGame = mode == 0 ? 1 : mode, wantVariation = mode == 0 ? 1 : 0;
    selectModeUntil(c, 10, [&] { return c.ram(0x99) == wantGame && c.ram(0xA1) == wantVariation; });
  }
};

}  // namespace

std::unique_ptr<Game> ms_pacman() { return std::make_unique<MsPacman>(); }

}  // namespace env::games
