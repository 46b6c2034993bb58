// Asteroids
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Asteroids final : public LivesGame {
 public:
  Asteroids() : LivesGame(4) {}
  void step(GameMemory& m) override {
    setRollingScore(10 * bcdScore(m, 0xBE, 0xBD), 100000);  // five digits
    setLivesOverAtZero(highNibble(m, 0xBC));
  }
  std::vector<int> modes() const override { return join(range(32), {0x80}); }  // 0x80: the children's variation
  std::vector<int> difficulties() const override { return {0, 3}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x80, mode, 2); }
};

}  // namespace

std::unique_ptr<Game> asteroids() { return std::make_unique<Asteroids>(); }

}  // namespace env::games
