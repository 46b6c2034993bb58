// Video Checkers
// +1 when the opponent (white) has no pieces left, -1 when the player (black) has none;
// reversed in the "give-away" games. The reward stays until the next reset.
#include "env/game_helpers.h"

namespace env::games {

namespace {

class VideoCheckers final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    int black = 0, white = 0;
    // The board: four rows of 8 bytes, each row followed by one unused byte.
    for (int row = 0; row < 4; ++row) {
      for (int i = 0; i < 8; ++i) {
        int cell = m.ram(static_cast<uint16_t>(0x80 + 9 * row + i));
        if (cell == 0x10 || cell == 0x20) ++black;
        else if (cell == 0x90 || cell == 0xA0) ++white;
      }
    }
    bool giveAway = extra_ != 0;
    if (black == 0) {
      reward_ = giveAway ? 1 : -1;
      terminal_ = true;
    } else if (white == 0) {
      reward_ = giveAway ? -1 : 1;
      terminal_ = true;
    }
  }
  std::vector<int> modes() const override { return join(range(9, 1, 1), range(9, 1, 11)); }
  void setMode(int mode, GameConsole& c) override {
    // Games 11..19 (give-away checkers) are stored as 17..25.
    extra_ = mode >= 11;
    selectModeByRam(c, 0xF6, extra_ ? mode + 6 : mode, 1);
  }
};

}  // namespace

std::unique_ptr<Game> video_checkers() { return std::make_unique<VideoCheckers>(); }

}  // namespace env::games
