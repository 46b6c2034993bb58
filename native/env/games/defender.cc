// Defender
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Defender final : public LivesGame {
 public:
  Defender() : LivesGame(3) {}
  void step(GameMemory& m) override {
    setScore(digitScore(m, 0x9C, 6));
    setLivesOverAtZero(m.ram(0xC2));
  }
  std::vector<int> modes() const override { return join(range(9, 1, 1), {16}); }  // 16: the easy game
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x9B, mode, 2); }
};

}  // namespace

std::unique_ptr<Game> defender() { return std::make_unique<Defender>(); }

}  // namespace env::games
