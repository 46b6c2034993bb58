// Tennis
// Reward follows the point difference within a game, or the games difference when a game ends.
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Tennis final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    int myGames = m.ram(0xC5), theirGames = m.ram(0xC6);
    int myPoints = m.ram(0xC7), theirPoints = m.ram(0xC8);
    int gamesLead = myGames - theirGames;
    int pointsLead = myPoints - theirPoints;
    // score_ / extra_: the previous points lead / games lead.
    if (score_ != pointsLead) reward_ = pointsLead - score_;
    else if (extra_ != gamesLead) reward_ = gamesLead - extra_;
    else reward_ = 0;
    score_ = pointsLead;
    extra_ = gamesLead;
    terminal_ = (myPoints >= 6 && pointsLead >= 2) || (theirPoints >= 6 && -pointsLead >= 2) ||
                myPoints == 7 || theirPoints == 7;
  }
  int lives() const override { return 0; }
  std::vector<int> modes() const override { return {0, 2}; }
  std::vector<int> difficulties() const override { return range(4); }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x80, mode, 2); }
};

}  // namespace

std::unique_ptr<Game> tennis() { return std::make_unique<Tennis>(); }

}  // namespace env::games
