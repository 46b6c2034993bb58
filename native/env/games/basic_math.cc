// Basic Math (Fun with Numbers)
// One point per right answer (0x84); 0x86 turns non-zero when the round of problems is over.
#include "env/game_helpers.h"

namespace env::games {

namespace {

class BasicMath final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    setScore(bcd(m, 0x84));
    terminal_ = bcd(m, 0x86) != 0;
  }
  // The game numbers of the cartridge that ALE offers (0xC5 holds the selected one).
  std::vector<int> modes() const override { return {5, 6, 7, 8}; }
  std::vector<int> difficulties() const override { return {0, 2, 3}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xC5, mode, 2); }
};

}  // namespace

std::unique_ptr<Game> basic_math() { return std::make_unique<BasicMath>(); }

}  // namespace env::games
