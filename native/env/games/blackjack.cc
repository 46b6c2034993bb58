// Blackjack
// The score is the player's chips; the game ends when they are lost or reach 1000.
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Blackjack final : public ScoredGame {
 public:
  void modifySettings(GameSettings& s) const override { s.paddleMax = 795000; }
  void step(GameMemory& m) override {
    // Broke: the chip display shows its "bust" pattern (0x0B, 0xBB) instead of digits.
    bool bust = m.ram(0x86) == 0x0B && m.ram(0x89) == 0xBB;
    setScore(bust ? 0 : bcdScore(m, 0x89, 0x86));
    terminal_ = bust || score_ >= 1000;
  }
  std::vector<int> difficulties() const override { return range(4); }
};

}  // namespace

std::unique_ptr<Game> blackjack() { return std::make_unique<Blackjack>(); }

}  // namespace env::games
