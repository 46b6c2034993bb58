// Dark Chambers
// Once over, the game stays over: a level that goes down (the game restarted by itself), a
// score that goes down (the counter overflowed) or health at zero ends it for good.
#include "env/game_helpers.h"

namespace env::games {

namespace {

class DarkChambers final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    reward_ = 0;
    int level = m.ram(0xD5);  // extra_ keeps the level reached so far
    if (level < extra_) {
      terminal_ = true;
      return;
    }
    extra_ = level;
    int score = 10 * bcdScore(m, 0xCC, 0xCF);
    if (score < score_) terminal_ = true;
    else setScore(score);
    // The top three bits of the health byte are the items carried.
    if ((m.ram(0xCA) & 0x1F) == 0) terminal_ = true;
  }
  // The title animation ignores every input, RESET included, for about eight seconds.
  std::vector<int> startingActions() const override { return repeatAction(NOOP, 486); }
};

}  // namespace

std::unique_ptr<Game> darkchambers() { return std::make_unique<DarkChambers>(); }

}  // namespace env::games
