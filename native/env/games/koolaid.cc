// Kool-Aid Man
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Koolaid final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    setScore(100 * bcdScore(m, 0x81, 0x80));
    terminal_ = m.ram(0xD1) == 0x80;
  }
  int lives() const override { return 0; }
};

}  // namespace

std::unique_ptr<Game> koolaid() { return std::make_unique<Koolaid>(); }

}  // namespace env::games
