// Casino (Poker Plus)
// The score is the player's chips. In the poker games (0xD4 != 3) a hand's winnings only count as
// reward while the player's input is enabled (bit 7 of 0xD3 clear): the reward of the last frame that counted stays until then.
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Casino final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    int score = bcdScore(m, 0x95, 0x8C);
    if (m.ram(0xD4) == 3) {
      bool payoutDone = m.ram(0x9E) == 0xAA;
      reward_ = score - score_;
      terminal_ = score > 0 && payoutDone;
    } else {
      bool inputOff = (m.ram(0xD3) & 0x80) != 0;
      if (!inputOff) reward_ = score - score_;
      int bet = bcd(m, 0x9E);
      terminal_ = score == 0 || (bet > 0 && inputOff);
    }
    score_ = score;
  }
  // Wait for the table, then deal in.
  std::vector<int> startingActions() const override { return join(repeatAction(NOOP, 60), {FIRE, FIRE}); }
  std::vector<int> modes() const override { return {0, 2, 3}; }
  std::vector<int> difficulties() const override { return range(4); }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xD4, mode, 2); }
};

}  // namespace

std::unique_ptr<Game> casino() { return std::make_unique<Casino>(); }

}  // namespace env::games
