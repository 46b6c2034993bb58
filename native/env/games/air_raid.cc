// Air Raid (PAL cartridge): defend the city from bombers; the default of the GAN's game mix.
#include "env/games/games_a_to_k.h"
#include "env/games/score.h"

namespace env::games {

namespace {

class AirRaid final : public ScoredGame {
 public:
  AirRaid() { reset(); }
  const char* id() const override { return "air_raid"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xAA, 0xA9, 0xA8));
    terminal_ = m.ram(0xA7) == 0xFF;  // the lives counter wraps below zero at the end
  }
  std::vector<int> minimalActions() const override { return {NOOP, FIRE, RIGHT, LEFT, RIGHTFIRE, LEFTFIRE}; }
  std::vector<int> startingActions() const override { return {FIRE}; }
  std::vector<int> modes() const override { return range(8, 1, 1); }
  void setMode(int mode, GameConsole& c) override {
    c.pressSelect(20);  // opens the selection; then each longer press steps the variation shown in 0xAA
    while (c.ram(0xAA) != mode) c.pressSelect(10);
    c.softReset();
  }
};

}  // namespace

void registerAirRaid(Registry& r) { r.add("air_raid", "35be55426c1fec32dfb503b4f0651572", [] { return std::make_unique<AirRaid>(); }); }

}  // namespace env::games
