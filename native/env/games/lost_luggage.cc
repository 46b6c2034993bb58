// Lost Luggage
#include "env/game_helpers.h"

namespace env::games {

namespace {

class LostLuggage final : public LivesGame {
 public:
  LostLuggage() : LivesGame(3) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0x96, 0x95, 0x94));
    lives_ = m.ram(0xCA);
    terminal_ = lives_ == 0 && m.ram(0xC8) == 0x0A && m.ram(0xA5) == 0x00 && m.ram(0xA9) == 0x00;
  }
  std::vector<int> startingActions() const override { return {FIRE}; }
  std::vector<int> modes() const override { return {0, 1}; }
  std::vector<int> difficulties() const override { return {0, 1}; }
  // The game numbers shown are 1 and 4.
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x94, 1 + 3 * mode, 2); }
};

}  // namespace

std::unique_ptr<Game> lost_luggage() { return std::make_unique<LostLuggage>(); }

}  // namespace env::games
