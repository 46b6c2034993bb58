// Chopper Command
// The lives counter reads 0 on the selection screen too, so it only means the end once the game
// has started: extra_ records that the chopper has faced right (bit 0 of 0xC2), as it does at the
// start of play and never on the selection screen. lives() is the raw count, also when over.
#include "env/game_helpers.h"

namespace env::games {

namespace {

class ChopperCommand final : public ScoredGame {
 public:
  ChopperCommand() : ScoredGame(3) {}
  void step(GameMemory& m) override {
    setScore(100 * bcdScore(m, 0xEE, 0xEC));
    setLivesOverAtZero(lowNibble(m, 0xE4));  // taken together with extra_ in terminal()
    extra_ |= m.ram(0xC2) & 0x01;
  }
  bool terminal() const override { return extra_ != 0 && terminal_; }
  int lives() const override { return lives_; }
  std::vector<int> modes() const override { return {0, 2}; }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xE0, mode, 2); }
};

}  // namespace

std::unique_ptr<Game> chopper_command() { return std::make_unique<ChopperCommand>(); }

}  // namespace env::games
