// Wizard of Wor
#include "env/game_helpers.h"

namespace env::games {

namespace {

class WizardOfWor final : public LivesGame {
 public:
  WizardOfWor() : LivesGame(3) {}
  void step(GameMemory& m) override {
    int score = bcdScore(m, 0x86, 0x88);
    if (score >= 8000) score -= 8000;  // a flag bit shares the top digit
    setScore(100 * score);
    int livesLeft = lowNibble(m, 0x8D);
    int state = m.ram(0xF4);
    bool waiting = (m.ram(0xD7) & 0x1) == 0;
    terminal_ = livesLeft == 0 && state == 0xF8;
    if (waiting) lives_ = livesLeft;
  }
  std::vector<int> difficulties() const override { return {0, 1}; }
};

}  // namespace

std::unique_ptr<Game> wizard_of_wor() { return std::make_unique<WizardOfWor>(); }

}  // namespace env::games
