// Freeway
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Freeway final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    int score = bcd(m, 103);
    int r = score - score_;
    reward_ = r < 0 ? 0 : r > 1 ? 1 : r;
    score_ = score;
    terminal_ = m.ram(22) == 1;
  }
  int lives() const override { return 0; }
  std::vector<int> modes() const override { return range(8); }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x80, mode); }
};

}  // namespace

std::unique_ptr<Game> freeway() { return std::make_unique<Freeway>(); }

}  // namespace env::games
