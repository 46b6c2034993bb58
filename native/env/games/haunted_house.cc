// Haunted House
// No score: each match struck costs a point, escaping with the whole urn earns 100.
#include "env/game_helpers.h"

namespace env::games {

namespace {

class HauntedHouse final : public LivesGame {
 public:
  HauntedHouse() : LivesGame(9) {}
  void step(GameMemory& m) override {
    reward_ = 0;
    int matches = bcd(m, 0x82);  // matches used so far
    if (matches != extra_) {
      reward_ -= 1;
      extra_ = matches;
    }
    lives_ = m.ram(0x96);
    bool escaped = m.ram(0x99) == 0x44;
    if (escaped) reward_ += 100;
    terminal_ = lives_ == 0 || escaped;
  }
  std::vector<int> modes() const override { return range(9); }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xCC, mode, 2); }
};

}  // namespace

std::unique_ptr<Game> haunted_house() { return std::make_unique<HauntedHouse>(); }

}  // namespace env::games
