// Montezuma's Revenge
#include "env/game_helpers.h"

namespace env::games {

namespace {

class MontezumaRevenge final : public LivesGame {
 public:
  MontezumaRevenge() : LivesGame(6) {}
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0x95, 0x94, 0x93));
    int lives = m.ram(0xBA);
    terminal_ = lives == 0 && m.ram(0xFE) == 0x60;
    lives_ = (lives & 0x7) + 1;
  }
};

}  // namespace

std::unique_ptr<Game> montezuma_revenge() { return std::make_unique<MontezumaRevenge>(); }

}  // namespace env::games
