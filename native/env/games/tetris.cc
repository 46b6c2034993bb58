// Tetris
// Only increases of the line count are rewarded; the bookkeeping restarts at each game over.
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Tetris final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    int score = bcdScore(m, 0x71, 0x72);
    reward_ = score > score_ ? score - score_ : 0;
    score_ = score;
    extra_ = 1;  // started: set from the first frame on
    terminal_ = extra_ && (m.ram(0x73) & 0x80);
    if (terminal_) {
      score_ = 0;
      extra_ = 0;
    }
  }
  int lives() const override { return 0; }
};

}  // namespace

std::unique_ptr<Game> tetris() { return std::make_unique<Tetris>(); }

}  // namespace env::games
