// Double Dunk
// The reward is our points minus the opponent's; a game is played to 24.
#include "env/game_helpers.h"

namespace env::games {

namespace {

class DoubleDunk final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    int mine = bcd(m, 0xF6), theirs = bcd(m, 0xF7);
    setScore(mine - theirs);
    terminal_ = (mine >= 24 || theirs >= 24) && m.ram(0xFE) == 0xE7;
  }
  int lives() const override { return 0; }
  std::vector<int> startingActions() const override { return {UPFIRE}; }
  // Each mode bit is one yes/no option of the game's menu.
  std::vector<int> modes() const override { return range(16); }
  void setMode(int mode, GameConsole& c) override {
    auto tap = [&](int action) {
      c.act(action, NOOP);
      c.act(NOOP, NOOP);
    };
    // 0xB0 is the menu line under the cursor; 0x80 holds the options as bits.
    auto nextLine = [&] {
      int line = c.ram(0xB0);
      while (c.ram(0xB0) == line) tap(DOWN);
    };
    auto setOption = [&](int bit, bool on) {
      while (((c.ram(0x80) & bit) != 0) != on) tap(on ? RIGHT : LEFT);
    };
    c.pressSelect(1);  // opens the menu
    nextLine();
    nextLine();  // past the first two lines, which no mode changes
    static const int kOptionBits[4] = {0x08, 0x10, 0x04, 0x20};  // 3-pointers, 10 s clock, 3 s lane, fouls
    for (int i = 0; i < 4; ++i) {
      if (i > 0) nextLine();
      setOption(kOptionBits[i], (mode >> i) & 1);
    }
    c.softReset();
    tap(UPFIRE);
  }
};

}  // namespace

std::unique_ptr<Game> double_dunk() { return std::make_unique<DoubleDunk>(); }

}  // namespace env::games
