// Alien, Amidar, Assault and Asterix: four games of the Atari benchmark.
#include "env/games/games_a_to_k.h"
#include "env/games/score.h"

namespace env::games {

namespace {

class Alien final : public ScoredGame {
 public:
  Alien() { reset(); }
  const char* id() const override { return "alien"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 3; }
  void step(GameMemory& m) override {
    // Each score digit is kept as a sprite offset (digit * 8); 0x80 is a blank leading digit.
    auto digit = [&](int a) { int v = m.ram(a); return v == 0x80 ? 0 : v >> 3; };
    setScore(10 * (digit(0x8B) + 10 * digit(0x89) + 100 * digit(0x87) + 1000 * digit(0x85) + 10000 * digit(0x83)));
    lives_ = m.ram(0xC0) & 0x0F;
    terminal_ = lives_ <= 0;
  }
  int lives() const override { return lives_; }
  std::vector<int> minimalActions() const override { return range(18); }
  std::vector<int> modes() const override { return range(4); }
  std::vector<int> difficulties() const override { return range(4); }
  void setMode(int mode, GameConsole& c) override {
    while (c.ram(0x81) != mode) c.pressSelect();
    lives_ = c.ram(0xC0) & 0x0F;
    c.softReset();
  }
};

class Amidar final : public ScoredGame {
 public:
  Amidar() { reset(); }
  const char* id() const override { return "amidar"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 3; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xD9, 0xDA, 0xDB));
    int livesByte = m.ram(0xD6);
    terminal_ = livesByte == 0x80;
    lives_ = livesByte & 0x0F;
  }
  int lives() const override { return terminal_ ? 0 : lives_; }
  std::vector<int> minimalActions() const override { return {NOOP, FIRE, UP, RIGHT, LEFT, DOWN, UPFIRE, RIGHTFIRE, LEFTFIRE, DOWNFIRE}; }
  std::vector<int> difficulties() const override { return {0, 3}; }
};

class Assault final : public ScoredGame {
 public:
  Assault() { reset(); }
  const char* id() const override { return "assault"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 4; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0x82, 0x81, 0x80));
    lives_ = m.ram(0xE5);
    terminal_ = lives_ == 0;
  }
  int lives() const override { return terminal_ ? 0 : lives_; }
  std::vector<int> minimalActions() const override { return {NOOP, FIRE, UP, RIGHT, LEFT, RIGHTFIRE, LEFTFIRE}; }
};

class Asterix final : public ScoredGame {
 public:
  Asterix() { reset(); }
  const char* id() const override { return "asterix"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 3; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xE0, 0xDF, 0xDE));
    lives_ = m.ram(0xD3) & 0x0F;
    terminal_ = m.ram(0xC7) == 0x01 && lives_ == 1;  // the death counter running out on the last life
  }
  int lives() const override { return terminal_ ? 0 : lives_; }
  std::vector<int> minimalActions() const override { return {NOOP, UP, RIGHT, LEFT, DOWN, UPRIGHT, UPLEFT, DOWNRIGHT, DOWNLEFT}; }
  std::vector<int> startingActions() const override { return {FIRE}; }
};

}  // namespace

void registerAlienToAsterix(Registry& r) {
  r.add("alien", "f1a0a23e6464d954e3a9579c4ccd01c8", make<Alien>());
  r.add("amidar", "acb7750b4d0c4bd34969802a7deb2990", make<Amidar>());
  r.add("assault", "de78b3a064d374390ac0710f95edde92", make<Assault>());
  r.add("asterix", "89a68746eff7f266bbf08de2483abe55", make<Asterix>());
}

}  // namespace env::games
