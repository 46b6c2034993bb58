// Name This Game
#include "env/game_helpers.h"

namespace env::games {

namespace {

class NameThisGame final : public LivesGame {
 public:
  NameThisGame() : LivesGame(3) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xC6, 0xC5, 0xC4));
    setLivesOverAtZero(m.ram(0xC7) & 0x7);
  }
  std::vector<int> modes() const override { return {0x08, 0x18, 0x28}; }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xDE, mode, 2); }
};

}  // namespace

std::unique_ptr<Game> name_this_game() { return std::make_unique<NameThisGame>(); }

}  // namespace env::games
