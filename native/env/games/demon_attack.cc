// Demon Attack
#include "env/game_helpers.h"

namespace env::games {

namespace {

class DemonAttack final : public LivesGame {
 public:
  DemonAttack() : LivesGame(4) {}
  void reset() override {
    LivesGame::reset();
    levelChange_ = false;
  }
  void step(GameMemory& m) override {
    // Until the game first clears them, the score bytes hold a fixed AB CD EA pattern.
    bool uncleared = m.ram(0x81) == 0xAB && m.ram(0x83) == 0xCD && m.ram(0x85) == 0xEA;
    setScore(uncleared ? 0 : bcdScore(m, 0x85, 0x83, 0x81));
    int livesShown = m.ram(0xF2);
    // A new variation starting looks like a game over for one frame: not counted as one. Only that
    // frame is excused, so games 3, 5 and 7 are over right after reset (as in the reference too).
    terminal_ = livesShown == 0 && m.ram(0xF1) == 0xBD && !levelChange_;
    lives_ = livesShown + 1;
    levelChange_ = false;
  }
  std::vector<int> modes() const override { return {1, 3, 5, 7}; }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override {
    while (c.ram(0xEA) != mode) c.pressSelect(1);
    levelChange_ = true;
    c.softReset();
  }

 private:
  bool levelChange_ = false;  // only ever set between a mode selection and the next frame
};

}  // namespace

std::unique_ptr<Game> demon_attack() { return std::make_unique<DemonAttack>(); }

}  // namespace env::games
