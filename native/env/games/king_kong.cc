// King Kong
#include "env/game_helpers.h"

namespace env::games {

namespace {

class KingKong final : public LivesGame {
 public:
  KingKong() : LivesGame(3) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0x83, 0x82));
    setLivesOverAtZero(m.ram(0xEE));
  }
  std::vector<int> modes() const override { return range(4); }
  // The mode byte counts in steps of two.
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xEC, 2 * mode, 2); }
};

}  // namespace

std::unique_ptr<Game> king_kong() { return std::make_unique<KingKong>(); }

}  // namespace env::games
