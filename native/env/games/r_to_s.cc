// Games riverraid .. surround: how each reads score, lives and game over out of RAM.
// RAM offsets are RIOT RAM offsets (0x80..0xFF is the address itself).
#include "env/games/games_k_to_z.h"
#include "env/games/score.h"

namespace env::games {

namespace {

const std::vector<int> kAllActions = range(18);

// River Raid keeps each score digit as a sprite offset (digit * 8) in every other byte.
class RiverRaid final : public ScoredGame {
 public:
  RiverRaid() { reset(); }
  const char* id() const override { return "riverraid"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; extra_ = kStartLivesByte; }
  void step(GameMemory& m) override {
    int score = 0, scale = 1;
    for (int offset = 87; offset >= 77; offset -= 2, scale *= 10) score += scale * digit(m.ram(static_cast<uint16_t>(offset)));
    setScore(score);
    // extra_ holds the previous lives byte: the game is over when it goes from "last life" to "new game".
    int livesByte = m.ram(0xC0);
    terminal_ = livesByte == kStartLivesByte && extra_ == kLastLifeByte;
    extra_ = livesByte;
  }
  int lives() const override {
    if (terminal_) return 0;
    if (extra_ == kStartLivesByte) return 4;
    if (extra_ == kLastLifeByte) return 1;
    return extra_ / 8 + 1;
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
  std::vector<int> difficulties() const override { return {0, 1}; }

 private:
  static constexpr int kStartLivesByte = 0x58, kLastLifeByte = 0x59;
  // Anything that is not a digit sprite reads as 0.
  static int digit(int v) { return v % 8 == 0 && v <= 72 ? v / 8 : 0; }
};

class RoadRunner final : public LivesGame {
 public:
  RoadRunner() { reset(); }
  const char* id() const override { return "road_runner"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 3; }
  void step(GameMemory& m) override {
    // Four digits, one per byte (low nibble, least significant first); 0xA shows a blank.
    int score = 0, scale = 1;
    for (int i = 0; i < 4; ++i) {
      int d = m.ram(static_cast<uint16_t>(0xC9 + i)) & 0xF;
      if (d == 0xA) d = 0;
      score += scale * d;
      scale *= 10;
    }
    setScore(100 * score);
    int livesLeft = m.ram(0xC4) & 0x7;
    int yVelocity = m.ram(0xB9);
    int xVelocityOnDeath = m.ram(0xBD);
    terminal_ = livesLeft == 0 && (yVelocity != 0 || xVelocityOnDeath != 0);
    lives_ = livesLeft + 1;
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
};

class Robotank final : public LivesGame {
 public:
  Robotank() { reset(); }
  const char* id() const override { return "robotank"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 4; }
  void step(GameMemory& m) override {
    // One point per enemy tank; a squadron is 12 tanks.
    int squadrons = m.ram(0xB6);
    int tanks = m.ram(0xB5);
    setScore(12 * squadrons + tanks);
    int endFlag = m.ram(0xB4);
    int livesByte = m.ram(0xA8);
    terminal_ = livesByte == 0 && endFlag == 0xFF;
    lives_ = (livesByte & 0xF) + 1;
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
};

class SirLancelot final : public LivesGame {
 public:
  SirLancelot() { reset(); }
  const char* id() const override { return "sir_lancelot"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 3; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xA0, 0x9F, 0x9E));
    lives_ = m.ram(0xA9);
    terminal_ = lives_ == 0 && m.ram(0xA7) == 0xA0;
  }
  std::vector<int> minimalActions() const override { return {NOOP, FIRE, RIGHT, LEFT, RIGHTFIRE, LEFTFIRE}; }
  std::vector<int> startingActions() const override { return {kConsoleReset, LEFT}; }
};

// The score is the elapsed time (in centiseconds), so every frame costs reward.
class Skiing final : public ScoredGame {
 public:
  Skiing() { reset(); }
  const char* id() const override { return "skiing"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; }
  void step(GameMemory& m) override {
    int centiseconds = bcdScore(m, 0xEA, 0xE9);
    int minutes = m.ram(0xE8);
    int time = 6000 * minutes + centiseconds;
    reward_ = score_ - time;
    score_ = time;
    terminal_ = m.ram(0x91) == 0xFF;
  }
  int lives() const override { return 0; }
  std::vector<int> minimalActions() const override { return {NOOP, RIGHT, LEFT}; }
  std::vector<int> startingActions() const override { return repeatAction(DOWN, 16); }
};

class Solaris final : public LivesGame {
 public:
  Solaris() { reset(); }
  const char* id() const override { return "solaris"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 3; }
  void step(GameMemory& m) override {
    setScore(10 * bcdScore(m, 0xDC, 0xDD, 0xDE));
    int livesByte = m.ram(0xD9);
    terminal_ = livesByte == 0;
    lives_ = livesByte & 0xF;
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
};

// The mode number shows where the score will later be, so selection watches that byte too.
class SpaceWar final : public ScoredGame {
 public:
  SpaceWar() { reset(); }
  const char* id() const override { return "space_war"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; }
  void step(GameMemory& m) override {
    int score = bcd(m, 0xA7);
    setScore(score);
    int timer = m.ram(0x80);
    terminal_ = score == 10 || timer == 0;
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
  std::vector<int> modes() const override { return range(12, 1, 6); }
  void setMode(int mode, GameConsole& c) override {
    while (bcd(c, 0xA7) != mode) c.pressSelect(2);
    c.softReset();
  }
};

class StarGunner final : public LivesGame {
 public:
  StarGunner() { reset(); }
  const char* id() const override { return "star_gunner"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 5; extra_ = 0; }
  void step(GameMemory& m) override {
    // One digit per byte (low nibble, least significant first); 0xA shows a blank.
    int score = 0, scale = 1;
    for (int i = 0; i < 4; ++i) {
      int d = m.ram(static_cast<uint16_t>(0x83 + i)) & 0x0F;
      if (d == 10) d = 0;
      score += scale * d;
      scale *= 10;
    }
    setScore(100 * score);
    int livesByte = m.ram(0x87);
    terminal_ = livesByte == 0;
    // extra_: the game has started (the lives byte showed the full 5); until then report 5.
    if (livesByte == 0x05) extra_ = 1;
    lives_ = extra_ ? (livesByte & 0xF) : 5;
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
  std::vector<int> modes() const override { return range(4); }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xF4, mode, 15); }
};

// Rewarded once, when Clark Kent is back at the start: the time left of the 99:59 maximum.
class Superman final : public ScoredGame {
 public:
  Superman() { reset(); }
  const char* id() const override { return "superman"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; }
  void step(GameMemory& m) override {
    int seconds = bcd(m, 0xE2);
    int minutes = bcd(m, 0xE3);
    score_ = 60 * minutes + seconds;  // elapsed time in seconds
    int roomLo = m.ram(0x80);
    int room = roomLo + (m.ram(0x81) << 8);
    bool clarkKent = (m.ram(0x9F) & 0x40) != 0;
    terminal_ = clarkKent && room == 0xF2AC;
    reward_ = terminal_ ? (99 * 60 + 59) - score_ : 0;
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
  std::vector<int> difficulties() const override { return range(4); }
};

class Surround final : public ScoredGame {
 public:
  Surround() { reset(); }
  const char* id() const override { return "surround"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; }
  void step(GameMemory& m) override {
    int theirs = bcd(m, 0xF6);
    int mine = bcd(m, 0xF7);
    setScore(mine - theirs);
    terminal_ = theirs == 10 || mine == 10;
  }
  std::vector<int> minimalActions() const override { return {NOOP, UP, RIGHT, LEFT, DOWN}; }
  std::vector<int> modes() const override { return {0, 2}; }
  std::vector<int> difficulties() const override { return range(4); }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xF9, mode + 1, 2); }
};

}  // namespace

void registerGamesRtoS(Registry& r) {
  r.add("riverraid", "393948436d1f4cc3192410bb918f9724", make<RiverRaid>());
  r.add("road_runner", "ce5cc62608be2cd3ed8abd844efb8919", make<RoadRunner>());
  r.add("robotank", "4f618c2429138e0280969193ed6c107e", make<Robotank>());
  r.add("sir_lancelot", "dd0cbe5351551a538414fb9e37fc56e8", make<SirLancelot>());
  r.add("skiing", "b76fbadc8ffb1f83e2ca08b6fb4d6c9f", make<Skiing>());
  r.add("solaris", "e72eb8d4410152bdcb69e7fba327b420", make<Solaris>());
  r.add("space_war", "b702641d698c60bcdc922dbd8c9dd49c", make<SpaceWar>());
  r.add("star_gunner", "a3c1c70024d7aabb41381adbfb6d3b25", make<StarGunner>());
  r.add("superman", "a9531c763077464307086ec9a1fd057d", make<Superman>());
  r.add("surround", "4d7517ae69f95cfbc053be01312b7dba", make<Surround>());
}

}  // namespace env::games
