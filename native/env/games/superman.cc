// Superman
// Rewarded once, when Clark Kent is back at the start: the time left of the 99:59 maximum.
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Superman final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    int seconds = bcd(m, 0xE2);
    int minutes = bcd(m, 0xE3);
    score_ = 60 * minutes + seconds;  // elapsed time in seconds
    int roomLo = m.ram(0x80);
    int room = roomLo + (m.ram(0x81) << 8);
    bool clarkKent = (m.ram(0x9F) & 0x40) != 0;
    terminal_ = clarkKent && room == 0xF2AC;
    reward_ = terminal_ ? (99 * 60 + 59) - score_ : 0;
  }
  std::vector<int> difficulties() const override { return range(4); }
};

}  // namespace

std::unique_ptr<Game> superman() { return std::make_unique<Superman>(); }

}  // namespace env::games
