// Human Cannonball, Ice Hockey, James Bond 007, Journey Escape, Kaboom! and Kangaroo.
// RAM offsets are RIOT RAM offsets (0x80..0xFF is the address itself).
#include <algorithm>

#include "env/games/games_g_to_k.h"
#include "env/games/score.h"

namespace env::games {

namespace {

const std::vector<int> kAllActions = range(18);

// Seven hits win, seven misses lose; there is no lives counter.
class HumanCannonball final : public ScoredGame {
 public:
  HumanCannonball() { reset(); }
  const char* id() const override { return "human_cannonball"; }
  void reset() override { reward_ = score_ = extra_ = 0; terminal_ = false; }
  void step(GameMemory& m) override {
    setScore(bcd(m, 0xB6));
    extra_ = bcd(m, 0xB7);  // misses
    terminal_ = score_ == 7 || extra_ == 7;
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
  std::vector<int> modes() const override { return range(8); }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override {
    // Before a game the two score bytes show the game number (1-based) and the number of players.
    auto shown = [&] { return static_cast<uint8_t>(c.ram(0xB6) - 1); };
    while (shown() != mode || c.ram(0xB7) != 1) c.pressSelect(2);
    c.softReset();
  }
};

// A timed match: the reward is the goal difference, at most +1 a frame; no lives.
class IceHockey final : public ScoredGame {
 public:
  IceHockey() { reset(); }
  const char* id() const override { return "ice_hockey"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; }
  void step(GameMemory& m) override {
    int difference = bcd(m, 0x8A) - bcd(m, 0x8B);
    reward_ = std::min(difference - score_, 1);
    score_ = difference;
    terminal_ = m.ram(0x87) == 0 && m.ram(0x86) == 0;  // the clock's minutes and seconds
  }
  int lives() const override { return 0; }
  std::vector<int> minimalActions() const override { return kAllActions; }
  std::vector<int> modes() const override { return {0, 2}; }
  std::vector<int> difficulties() const override { return range(4); }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x80, mode, 2); }
};

class JamesBond final : public LivesGame {
 public:
  JamesBond() { reset(); }
  const char* id() const override { return "jamesbond"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 6; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xDC, 0xDD, 0xDE));
    int reserve = m.ram(0x86) & 0xF;
    terminal_ = reserve == 0 && m.ram(0x8C) == 0x68;  // no craft left and the game-over screen
    lives_ = reserve + 1;
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
  std::vector<int> modes() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override {
    // 0x8C shows the mode either as it is or with 0x48 added: both mean it is selected.
    auto shows = [&] { int v = c.ram(0x8C); return v == mode || v == mode + 0x48; };
    while (!shows()) c.pressSelect(20);
    c.softReset();
  }
};

// The cash counter starts at 50,000 on the game's first frame: that jump is no reward. No lives.
class JourneyEscape final : public ScoredGame {
 public:
  JourneyEscape() { reset(); }
  const char* id() const override { return "journey_escape"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0x92, 0x91, 0x90));
    if (reward_ == 50000) reward_ = 0;
    terminal_ = m.ram(0x95) == 0 && m.ram(0x96) == 0;  // the clock's minutes and seconds
  }
  int lives() const override { return 0; }
  std::vector<int> minimalActions() const override {
    return {NOOP, UP, RIGHT, LEFT, DOWN, UPRIGHT, UPLEFT, DOWNRIGHT, DOWNLEFT,
            RIGHTFIRE, LEFTFIRE, DOWNFIRE, UPRIGHTFIRE, UPLEFTFIRE, DOWNRIGHTFIRE, DOWNLEFTFIRE};
  }
  std::vector<int> startingActions() const override { return {FIRE}; }
  std::vector<int> difficulties() const override { return {0, 1}; }
};

// A paddle game (left jack, the default paddle range); lives() is the usual 1 / 0.
class Kaboom final : public ScoredGame {
 public:
  Kaboom() { reset(); }
  const char* id() const override { return "kaboom"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xA5, 0xA4, 0xA3));
    terminal_ = m.ram(0xA1) == 0 || score_ == 999999;  // no buckets left, or the counter is full
  }
  std::vector<int> minimalActions() const override { return {NOOP, FIRE, RIGHT, LEFT}; }
  std::vector<int> startingActions() const override { return {FIRE}; }
};

class Kangaroo final : public LivesGame {
 public:
  Kangaroo() { reset(); }
  const char* id() const override { return "kangaroo"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 3; }
  void step(GameMemory& m) override {
    setScore(100 * bcdScore(m, 0xA8, 0xA7));  // the display's last two digits are always 00
    int reserve = m.ram(0xAD);
    terminal_ = reserve == 0xFF;
    lives_ = (reserve & 0x7) + 1;
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
  std::vector<int> modes() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override {
    // 0xBA shows the mode with or without its top bit set: both mean it is selected.
    auto shows = [&] { int v = c.ram(0xBA); return v == mode || v == mode + 0x80; };
    while (!shows()) c.pressSelect(2);
    c.softReset();
  }
};

}  // namespace

void registerHumanCannonballToKangaroo(Registry& r) {
  r.add("human_cannonball", "7972e5101fa548b952d852db24ad6060", make<HumanCannonball>());
  r.add("ice_hockey", "a4c08c4994eb9d24fb78be1793e82e26", make<IceHockey>());
  r.add("jamesbond", "e51030251e440cffaab1ac63438b44ae", make<JamesBond>());
  r.add("journey_escape", "718ae62c70af4e5fd8e932fee216948a", make<JourneyEscape>());
  r.add("kaboom", "5428cdfada281c569c74c7308c7f2c26", make<Kaboom>());
  r.add("kangaroo", "4326edb70ff20d0ee5ba58fa5cb09d60", make<Kangaroo>());
}

}  // namespace env::games
