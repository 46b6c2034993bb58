// Games fishing_derby .. frostbite: how each reads score, lives and game over out of RAM.
// RAM offsets are RIOT RAM offsets (0x80..0xFF is the address itself).
#include "env/games/games_d_to_f.h"
#include "env/games/score.h"

namespace env::games {

namespace {

const std::vector<int> kAllActions = range(18);

// The reward is our catch minus the opponent's; the first to 99 pounds wins.
class FishingDerby final : public ScoredGame {
 public:
  FishingDerby() { reset(); }
  const char* id() const override { return "fishing_derby"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; }
  void step(GameMemory& m) override {
    setScore(bcd(m, 0xBD) - bcd(m, 0xBE));
    terminal_ = m.ram(0xBD) == 0x99 || m.ram(0xBE) == 0x99;
  }
  int lives() const override { return 0; }
  std::vector<int> minimalActions() const override { return kAllActions; }
  std::vector<int> difficulties() const override { return range(4); }
};

// One player against a 75-second clock (BCD seconds in 0xEB): the game ends when it reaches 0.
class FlagCapture final : public ScoredGame {
 public:
  FlagCapture() { reset(); }
  const char* id() const override { return "flag_capture"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; }
  void step(GameMemory& m) override {
    setScore(bcd(m, 0xEA));
    terminal_ = bcd(m, 0xEB) == 0;
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
  // Games 8..10 are the one-player ones (a still or a moving flag).
  std::vector<int> modes() const override { return {8, 9, 10}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xD6, mode, 2); }
};

class Frogger final : public LivesGame {
 public:
  Frogger() { reset(); }
  const char* id() const override { return "frogger"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 4; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xCE, 0xCC));
    lives_ = m.ram(0xD0);
    terminal_ = lives_ == 0xFF;  // the lives count wraps below zero at the end
  }
  std::vector<int> minimalActions() const override { return {NOOP, UP, RIGHT, LEFT, DOWN}; }
  // The game numbers are 1..6, the even ones for two players: mode m is game 2m + 1.
  std::vector<int> modes() const override { return range(3); }
  // Left switch: whether a frog carried off screen is lost or comes back on the other side.
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xDD, 2 * mode + 1, 2); }
};

class Frostbite final : public LivesGame {
 public:
  Frostbite() { reset(); }
  const char* id() const override { return "frostbite"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 4; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xCA, 0xC9, 0xC8));
    int reserve = m.ram(0xCC) & 0x0F;  // lives in reserve (the game never gives more than 9)
    terminal_ = reserve == 0 && (m.ram(0xF1) & 0x80) != 0;
    lives_ = reserve + 1;
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
  std::vector<int> modes() const override { return {0, 2}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x80, mode, 1); }
};

}  // namespace

void registerFishingDerbyToFrostbite(Registry& r) {
  r.add("fishing_derby", "b8865f05676e64f3bec72b9defdacfa7", make<FishingDerby>());
  r.add("flag_capture", "30512e0e83903fc05541d2f6a6a62654", make<FlagCapture>());
  r.add("frogger", "081e2c114c9c20b61acf25fc95c71bf4", make<Frogger>());
  r.add("frostbite", "4ca73eb959299471788f0b685c3ba0b5", make<Frostbite>());
}

}  // namespace env::games
