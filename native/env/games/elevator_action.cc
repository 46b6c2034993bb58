// Elevator Action
#include "env/game_helpers.h"

namespace env::games {

namespace {

class ElevatorAction final : public LivesGame {
 public:
  ElevatorAction() : LivesGame(4) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0x89, 0x88, 0x87));
    lives_ = m.ram(0x83);
    // The title screen (0x81 == 0) shows no lives either: that is not a game over.
    terminal_ = lives_ == 0 && m.ram(0x81) != 0x00;
  }
  std::vector<int> startingActions() const override { return repeatAction(FIRE, 16); }
};

}  // namespace

std::unique_ptr<Game> elevator_action() { return std::make_unique<ElevatorAction>(); }

}  // namespace env::games
