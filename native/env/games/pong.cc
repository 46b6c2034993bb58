// Pong (Video Olympics)
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Pong final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    int cpu = m.ram(13), player = m.ram(14);
    setScore(player - cpu);
    terminal_ = cpu == 21 || player == 21;
  }
  int lives() const override { return 0; }
  std::vector<int> modes() const override { return {0, 1}; }
  std::vector<int> difficulties() const override { return {0, 1, 2, 3}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x96, mode, 2); }
};

}  // namespace

std::unique_ptr<Game> pong() { return std::make_unique<Pong>(); }

}  // namespace env::games
