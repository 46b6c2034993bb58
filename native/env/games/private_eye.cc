// Private Eye
#include "env/game_helpers.h"

namespace env::games {

namespace {

class PrivateEye final : public ScoredGame {
 public:
  PrivateEye() : ScoredGame(0, 1000) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xCA, 0xC9, 0xC8));
    int copyrightTimer = m.ram(0xC2);
    terminal_ = copyrightTimer != 0x00 && copyrightTimer != 0x01;
  }
  int lives() const override { return 0; }
  std::vector<int> startingActions() const override { return {UP}; }
  std::vector<int> modes() const override { return range(5); }
  std::vector<int> difficulties() const override { return range(4); }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x80, mode, 2); }
};

}  // namespace

std::unique_ptr<Game> private_eye() { return std::make_unique<PrivateEye>(); }

}  // namespace env::games
