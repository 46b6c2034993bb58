// Breakout and Pong: the paddle games of the classic benchmark.
#include "env/games/registry.h"
#include "env/games/score.h"

namespace env::games {

namespace {

class Breakout final : public ScoredGame {
 public:
  Breakout() { reset(); }
  const char* id() const override { return "breakout"; }
  void reset() override {
    reward_ = score_ = 0;
    lives_ = 5;
    terminal_ = false;
    extra_ = 0;  // whether the game has started (lives counter seen at 5)
  }
  void step(GameMemory& m) override {
    int lo = m.ram(77), hi = m.ram(76);
    setScore((lo & 0x0F) + 10 * ((lo & 0xF0) >> 4) + 100 * (hi & 0x0F));
    int livesByte = m.ram(57);
    if (!extra_ && livesByte == 5) extra_ = 1;
    terminal_ = extra_ && livesByte == 0;
    lives_ = livesByte;
  }
  int lives() const override { return terminal_ ? 0 : lives_; }
  std::vector<int> minimalActions() const override { return {NOOP, FIRE, RIGHT, LEFT}; }
  std::vector<int> modes() const override { return range(12, 4); }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xB2, mode); }
};

class Pong final : public ScoredGame {
 public:
  Pong() { reset(); }
  const char* id() const override { return "pong"; }
  void reset() override {
    reward_ = score_ = 0;
    terminal_ = false;
  }
  void step(GameMemory& m) override {
    int cpu = m.ram(13), player = m.ram(14);
    setScore(player - cpu);
    terminal_ = cpu == 21 || player == 21;
  }
  int lives() const override { return 0; }
  std::vector<int> minimalActions() const override { return {NOOP, FIRE, RIGHT, LEFT, RIGHTFIRE, LEFTFIRE}; }
  std::vector<int> modes() const override { return {0, 1}; }
  std::vector<int> difficulties() const override { return {0, 1, 2, 3}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x96, mode, 2); }
};

}  // namespace

void registerPaddleGames(Registry& r) {
  r.add("breakout", "f34f08e5eb96e500e851a80be3277a56", [] { return std::make_unique<Breakout>(); });
  r.add("pong", "60e0ea3cbe0913d39803477945e9e5ec", [] { return std::make_unique<Pong>(); });
}

}  // namespace env::games
