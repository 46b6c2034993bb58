// Crossbow
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Crossbow final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0x8D, 0x8C, 0x8B));
    terminal_ = m.ram(0xE7) == 0x82;
  }
  std::vector<int> modes() const override { return {0, 2, 4, 6}; }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override {
    // On the selection screen the score's low byte (0x8D) shows the game number, one above the mode.
    selectModeUntil(c, 2, [&] { return static_cast<uint8_t>(c.ram(0x8D) - 1) == mode; });
  }
};

}  // namespace

std::unique_ptr<Game> crossbow() { return std::make_unique<Crossbow>(); }

}  // namespace env::games
