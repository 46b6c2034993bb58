// Video Chess
// +1 for checkmating black, -1 for being checkmated, seen when it is white's turn.
#include "env/game_helpers.h"

namespace env::games {

namespace {

class VideoChess final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    reward_ = 0;
    if (m.ram(0xE1) != 0x82) return;  // not white's turn
    int mate = m.ram(0xEE);
    if (mate == 0x00) {
      reward_ = 1;
      terminal_ = true;
    } else if (mate == 0x01) {
      reward_ = -1;
      terminal_ = true;
    }
  }
  std::vector<int> modes() const override { return range(5); }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xEA, mode, 1); }
};

}  // namespace

std::unique_ptr<Game> video_chess() { return std::make_unique<VideoChess>(); }

}  // namespace env::games
