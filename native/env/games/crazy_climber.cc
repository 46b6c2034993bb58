// Crazy Climber
#include "env/game_helpers.h"

namespace env::games {

namespace {

class CrazyClimber final : public LivesGame {
 public:
  CrazyClimber() : LivesGame(5) {}
  void step(GameMemory& m) override {
    // Four score digits, one per byte (hundreds of points), least significant first.
    int score = 0;
    for (int i = 0, scale = 1; i < 4; ++i, scale *= 10) score += scale * m.ram(static_cast<uint16_t>(0x82 + i));
    setScore(100 * score);
    if (reward_ < 0) reward_ = 0;
    setLivesOverAtZero(m.ram(0xAA));
  }
  std::vector<int> modes() const override { return range(4); }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x80, mode, 2); }
};

}  // namespace

std::unique_ptr<Game> crazy_climber() { return std::make_unique<CrazyClimber>(); }

}  // namespace env::games
