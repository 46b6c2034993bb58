// Word Zapper
// Score is the words still to zap (counting down from 2); only tracked while the clock runs.
#include "env/game_helpers.h"

namespace env::games {

namespace {

class WordZapper final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    if (bcd(m, 0xCF) <= 0) return;  // clock not running: reward and terminal stay as they were
    int score = 2 - static_cast<int8_t>(m.ram(0xDC));
    setScore(score);
    int timeLeft = bcd(m, 0xDE);
    terminal_ = score == 3 || timeLeft == 0;
  }
  std::vector<int> startingActions() const override { return join(repeatAction(NOOP, 486), {FIRE, NOOP, NOOP}); }
  std::vector<int> modes() const override { return range(24); }
  std::vector<int> difficulties() const override { return range(4); }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xDB, mode, 2); }
};

}  // namespace

std::unique_ptr<Game> word_zapper() { return std::make_unique<WordZapper>(); }

}  // namespace env::games
