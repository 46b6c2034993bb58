// Zaxxon
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Zaxxon final : public LivesGame {
 public:
  Zaxxon() : LivesGame(5) {}
  void step(GameMemory& m) override {
    setScore(100 * bcdScore(m, 0xE9, 0xE8));
    setLivesOverAtZero(m.ram(0xEA) & 0x7);
  }
  std::vector<int> modes() const override { return {0, 8, 16, 24}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x82, mode, 10); }
};

}  // namespace

std::unique_ptr<Game> zaxxon() { return std::make_unique<Zaxxon>(); }

}  // namespace env::games
