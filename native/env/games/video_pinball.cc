// Video Pinball
#include "env/game_helpers.h"

namespace env::games {

namespace {

class VideoPinball final : public LivesGame {
 public:
  VideoPinball() : LivesGame(3) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xB0, 0xB2, 0xB4));
    terminal_ = (m.ram(0xAF) & 0x1) != 0;
    int ballsUsed = m.ram(0x99) & 0x7;
    int extraBall = m.ram(0xA8) & 0x1;
    lives_ = 4 + extraBall - ballsUsed;
  }
  std::vector<int> modes() const override { return {0, 2}; }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xC1, mode, 2); }
};

}  // namespace

std::unique_ptr<Game> video_pinball() { return std::make_unique<VideoPinball>(); }

}  // namespace env::games
