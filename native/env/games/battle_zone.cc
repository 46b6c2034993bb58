// Battlezone
#include "env/game_helpers.h"

namespace env::games {

namespace {

class BattleZone final : public LivesGame {
 public:
  BattleZone() : LivesGame(5) {}
  void step(GameMemory& m) override {
    // Thousands of points in three BCD digits, where the digit value 10 draws a blank.
    auto digit = [](int d) { return d == 10 ? 0 : d; };
    int lo = m.ram(0x9D), hi = m.ram(0x9E);
    setScore(1000 * (digit(lo >> 4) + 10 * digit(hi & 0x0F) + 100 * digit(hi >> 4)));
    setLivesOverAtZero(lowNibble(m, 0xBA));
  }
  std::vector<int> modes() const override { return range(3, 1, 1); }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xA1, mode, 2); }
};

}  // namespace

std::unique_ptr<Game> battle_zone() { return std::make_unique<BattleZone>(); }

}  // namespace env::games
