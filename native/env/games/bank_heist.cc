// Bank Heist
#include "env/game_helpers.h"

namespace env::games {

namespace {

class BankHeist final : public LivesGame {
 public:
  BankHeist() : LivesGame(5) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xDA, 0xD9, 0xD8));
    int deathTimer = m.ram(0xCE);
    lives_ = m.ram(0xD5);
    terminal_ = deathTimer == 0x01 && lives_ == 0;  // the death timer ending with no car left
  }
  std::vector<int> modes() const override { return range(8, 4); }
  std::vector<int> difficulties() const override { return range(4); }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x80, mode); }
};

}  // namespace

std::unique_ptr<Game> bank_heist() { return std::make_unique<BankHeist>(); }

}  // namespace env::games
