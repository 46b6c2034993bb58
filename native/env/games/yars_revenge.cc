// Yars' Revenge
#include "env/game_helpers.h"

namespace env::games {

namespace {

class YarsRevenge final : public LivesGame {
 public:
  YarsRevenge() : LivesGame(4) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xE2, 0xE1, 0xE0));
    setLivesOverAtZero(highNibble(m, 0x9E));
  }
  std::vector<int> startingActions() const override { return {FIRE}; }
  std::vector<int> modes() const override { return {0x00, 0x20, 0x40, 0x60}; }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override {
    c.pressSelect(2);  // a longer first press, then single frames
    selectModeByRam(c, 0xE3, mode, 1);
  }
};

}  // namespace

std::unique_ptr<Game> yars_revenge() { return std::make_unique<YarsRevenge>(); }

}  // namespace env::games
