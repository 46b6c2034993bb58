// Backgammon
// Reward +1 for bearing off all 15 of one's pieces first, -1 when the computer does.
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Backgammon final : public ScoredGame {
 public:
  void modifySettings(GameSettings& s) const override { s.paddleMax = 1000000; }
  void step(GameMemory& m) override {
    // Each point holds a signed count: the computer's pieces positive, the player's negative.
    // 0x80 and 0x8E are the borne-off counts (the player's stored negated); the points are
    // 0x81..0x8D and 0x8F..0x9B. Counts are bytes, so the sums wrap as bytes do.
    auto pieces = [&](int a) { return static_cast<int8_t>(m.ram(static_cast<uint16_t>(a))); };
    int8_t playerOff = static_cast<int8_t>(-pieces(0x80));
    int8_t computerOff = pieces(0x8E);
    int8_t playerOn = 0, computerOn = 0;
    for (int a = 0x81; a <= 0x9B; ++a) {
      if (a == 0x8E) continue;
      int8_t p = pieces(a);
      if (p > 0) computerOn = static_cast<int8_t>(computerOn + p);
      else if (p < 0) playerOn = static_cast<int8_t>(playerOn - p);
    }
    // Only a board that accounts for all 30 pieces is read (not one in the middle of being set up).
    if (computerOn + computerOff != 15 || playerOn + playerOff != 15) return;
    if (playerOff == 15) {
      terminal_ = true;
      reward_ = 1;
    } else if (computerOff == 15) {
      terminal_ = true;
      reward_ = -1;
    }
  }
  std::vector<int> difficulties() const override { return {3}; }
  // The only mode is the game against the computer: 0xDC = 3 on the selection screen.
  void setMode(int mode, GameConsole& c) override { (void)mode; selectModeByRam(c, 0xDC, 3); }
};

}  // namespace

std::unique_ptr<Game> backgammon() { return std::make_unique<Backgammon>(); }

}  // namespace env::games
