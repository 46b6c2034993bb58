// E.T. the Extra-Terrestrial
// Points are only added on the interstitial screen (ET in his ship, or out of lives).
#include <stdexcept>

#include "env/game_helpers.h"

namespace env::games {

namespace {

class Et final : public LivesGame {
 public:
  Et() : LivesGame(0) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xE1, 0xE0, 0xDF));
    // 0xE5 is the revivals left, 0xFF once none are; the count is kept as a signed byte.
    lives_ = static_cast<int8_t>(m.ram(0xE5) + 1);
    terminal_ = lives_ == 0 && m.ram(0x80) == 8;  // 0x80 == 8: back on the title screen
  }
  // Game 1: every human; game 2: Elliott and the FBI agent; game 3: Elliott only.
  std::vector<int> modes() const override { return range(3); }
  // Left: how ET's ship may land; right: how fast the humans are.
  std::vector<int> difficulties() const override { return range(4); }
  void setMode(int mode, GameConsole& c) override {
    // 0xEA is the game number (1..3); the switch needs a long press to register.
    auto shown = [&] { return static_cast<uint8_t>(c.ram(0xEA) - 1); };
    for (int tries = 0; shown() != mode && tries < 100; ++tries) c.pressSelect(25);
    if (shown() != mode) throw std::runtime_error("et: the game did not reach the requested mode");
    c.softReset();
  }
};

}  // namespace

std::unique_ptr<Game> et() { return std::make_unique<Et>(); }

}  // namespace env::games
