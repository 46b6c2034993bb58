// Games of the Atari benchmark (the ones DQN papers report): how each reads its score,
// lives and game-over state out of RAM. RAM offsets are RIOT RAM offsets (address 0x80 + n
// for n < 0x80; offsets written as 0x80..0xFF are the address itself).
#include "env/games/registry.h"
#include "env/games/score.h"

namespace env::games {

namespace {

const std::vector<int> kAllActions = range(18);

class Asteroids final : public ScoredGame {
 public:
  Asteroids() { reset(); }
  const char* id() const override { return "asteroids"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 4; }
  void step(GameMemory& m) override {
    int score = 10 * bcdScore(m, 0xBE, 0xBD);
    reward_ = score - score_;
    if (reward_ < 0) reward_ += 100000;  // the 5-digit counter rolled over
    score_ = score;
    lives_ = m.ram(0xBC) >> 4;
    terminal_ = lives_ == 0;
  }
  int lives() const override { return terminal_ ? 0 : lives_; }
  std::vector<int> minimalActions() const override {
    return {NOOP, FIRE, UP, RIGHT, LEFT, DOWN, UPRIGHT, UPLEFT, UPFIRE, RIGHTFIRE, LEFTFIRE, DOWNFIRE, UPRIGHTFIRE, UPLEFTFIRE};
  }
  std::vector<int> modes() const override {
    std::vector<int> m = range(32);
    m.push_back(0x80);  // the children's variation
    return m;
  }
  std::vector<int> difficulties() const override { return {0, 3}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x80, mode, 2); }
};

class BeamRider final : public ScoredGame {
 public:
  BeamRider() { reset(); }
  const char* id() const override { return "beam_rider"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 3; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 9, 10, 11));
    int lives = m.ram(0x85) + 1;
    // A lost life only counts once the game confirms it.
    if (lives == lives_ - 1) {
      if (m.ram(0x8C) == 0x01) lives_ = lives;
    } else {
      lives_ = lives;
    }
    terminal_ = m.ram(5) == 255;
  }
  int lives() const override { return terminal_ ? 0 : lives_; }
  std::vector<int> minimalActions() const override { return {NOOP, FIRE, UP, RIGHT, LEFT, UPRIGHT, UPLEFT, RIGHTFIRE, LEFTFIRE}; }
  std::vector<int> startingActions() const override { return {RIGHT}; }
  std::vector<int> difficulties() const override { return {0, 1}; }
};

class Boxing final : public ScoredGame {
 public:
  Boxing() { reset(); }
  const char* id() const override { return "boxing"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; }
  void step(GameMemory& m) override {
    // 0xC0 in a score byte is how the game shows a knockout (100 points).
    int mine = m.ram(0x92) == 0xC0 ? 100 : bcd(m, 0x92);
    int theirs = m.ram(0x93) == 0xC0 ? 100 : bcd(m, 0x93);
    setScore(mine - theirs);
    if (mine == 100 || theirs == 100) {
      terminal_ = true;
    } else {
      int minutes = m.ram(0x90) >> 4;
      int seconds = (m.ram(0x91) & 0x0F) + (m.ram(0x91) >> 4) * 10;
      terminal_ = minutes == 0 && seconds == 0;
    }
  }
  int lives() const override { return 0; }
  std::vector<int> minimalActions() const override { return kAllActions; }
  std::vector<int> difficulties() const override { return {0, 1, 2, 3}; }
};

class Enduro final : public ScoredGame {
 public:
  Enduro() { reset(); }
  const char* id() const override { return "enduro"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; }
  void step(GameMemory& m) override {
    // The game counts down the cars still to pass each day; the score is the cars passed.
    int score = 0;
    int day = m.ram(0xAD);
    if (day != 0) {
      int left = bcdScore(m, 0xAB, 0xAC);
      int passed = (day == 1 ? 200 : 300) - left;
      if (day >= 2) score = 200 + (day - 2) * 300;
      score += passed;
    }
    setScore(score);
    terminal_ = m.ram(0xAF) == 0xFF;
  }
  int lives() const override { return 0; }
  std::vector<int> minimalActions() const override { return {NOOP, FIRE, RIGHT, LEFT, DOWN, DOWNRIGHT, DOWNLEFT, RIGHTFIRE, LEFTFIRE}; }
  std::vector<int> startingActions() const override { return {FIRE}; }
};

class Freeway final : public ScoredGame {
 public:
  Freeway() { reset(); }
  const char* id() const override { return "freeway"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; }
  void step(GameMemory& m) override {
    int score = bcd(m, 103);
    int r = score - score_;
    reward_ = r < 0 ? 0 : r > 1 ? 1 : r;
    score_ = score;
    terminal_ = m.ram(22) == 1;
  }
  int lives() const override { return 0; }
  std::vector<int> minimalActions() const override { return {NOOP, UP, DOWN}; }
  std::vector<int> modes() const override { return range(8); }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x80, mode); }
};

class MontezumaRevenge final : public ScoredGame {
 public:
  MontezumaRevenge() { reset(); }
  const char* id() const override { return "montezuma_revenge"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 6; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0x95, 0x94, 0x93));
    int lives = m.ram(0xBA);
    terminal_ = lives == 0 && m.ram(0xFE) == 0x60;
    lives_ = (lives & 0x7) + 1;
  }
  int lives() const override { return terminal_ ? 0 : lives_; }
  std::vector<int> minimalActions() const override { return kAllActions; }
};

class MsPacman final : public ScoredGame {
 public:
  MsPacman() { reset(); }
  const char* id() const override { return "ms_pacman"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 3; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xF8, 0xF9, 0xFA));
    int livesByte = m.ram(0xFB) & 0x0F;
    terminal_ = livesByte == 0 && m.ram(0xA7) == 0x53;  // no lives left and the death animation ran
    lives_ = (livesByte & 0x7) + 1;
  }
  int lives() const override { return terminal_ ? 0 : lives_; }
  std::vector<int> minimalActions() const override { return {NOOP, UP, RIGHT, LEFT, DOWN, UPRIGHT, UPLEFT, DOWNRIGHT, DOWNLEFT}; }
  std::vector<int> modes() const override { return range(4); }
  void setMode(int mode, GameConsole& c) override {
    // Mode 0 is the standard game (game 1, variation 1); mode m > 0 is game m, variation 0.
    int wantGame = mode == 0 ? 1 : mode, wantVariation = mode == 0 ? 1 : 0;
    while (c.ram(0x99) != wantGame || c.ram(0xA1) != wantVariation) c.pressSelect(10);
    c.softReset();
  }
};

class Qbert final : public ScoredGame {
 public:
  Qbert() { reset(); }
  const char* id() const override { return "qbert"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; extra_ = 2; lives_ = 4; }
  void step(GameMemory& m) override {
    // extra_ holds the previous lives byte as a signed value.
    int livesByte = m.ram(0x88);
    terminal_ = livesByte == 0xFE || (livesByte == 0x02 && extra_ == -1);
    int asSigned = static_cast<int8_t>(livesByte);
    if (extra_ - 1 == asSigned) --lives_;
    extra_ = asSigned;
    if (!terminal_) setScore(bcdScore(m, 0xDB, 0xDA, 0xD9));
    else reward_ = 0;
  }
  int lives() const override { return terminal_ ? 0 : lives_; }
  std::vector<int> minimalActions() const override { return {NOOP, FIRE, UP, RIGHT, LEFT, DOWN}; }
  std::vector<int> difficulties() const override { return {0, 1}; }
};

class Seaquest final : public ScoredGame {
 public:
  Seaquest() { reset(); }
  const char* id() const override { return "seaquest"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 4; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xBA, 0xB9, 0xB8));
    terminal_ = m.ram(0xA3) != 0;
    lives_ = m.ram(0xBB) + 1;
  }
  int lives() const override { return terminal_ ? 0 : lives_; }
  std::vector<int> minimalActions() const override { return kAllActions; }
  std::vector<int> difficulties() const override { return {0, 1}; }
};

class SpaceInvaders final : public ScoredGame {
 public:
  SpaceInvaders() { reset(); }
  const char* id() const override { return "space_invaders"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 3; }
  void step(GameMemory& m) override {
    int score = bcdScore(m, 0xE8, 0xE6);
    reward_ = score - score_;
    if (reward_ < 0) reward_ = (10000 - score_) + score;  // the 4-digit counter rolled over
    score_ = score;
    lives_ = m.ram(0xC9);
    terminal_ = (m.ram(0x98) & 0x80) || lives_ == 0;
  }
  int lives() const override { return terminal_ ? 0 : lives_; }
  std::vector<int> minimalActions() const override { return {NOOP, FIRE, RIGHT, LEFT, RIGHTFIRE, LEFTFIRE}; }
  std::vector<int> modes() const override { return range(16); }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xDC, mode, 2); }
};

}  // namespace

void registerBenchmarkGames(Registry& r) {
  r.add("asteroids", "ccbd36746ed4525821a8083b0d6d2c2c", make<Asteroids>());
  r.add("beam_rider", "79ab4123a83dc11d468fb2108ea09e2e", make<BeamRider>());
  r.add("boxing", "c3ef5c4653212088eda54dc91d787870", make<Boxing>());
  r.add("enduro", "94b92a882f6dbaa6993a46e2dcc58402", make<Enduro>());
  r.add("freeway", "8e0ab801b1705a740b476b7f588c6d16", make<Freeway>());
  r.add("montezuma_revenge", "3347a6dd59049b15a38394aa2dafa585", make<MontezumaRevenge>());
  r.add("ms_pacman", "87e79cd41ce136fd4f72cc6e2c161bee", make<MsPacman>());
  r.add("qbert", "484b0076816a104875e00467d431c2d2", make<Qbert>());
  r.add("seaquest", "240bfbac5163af4df5ae713985386f92", make<Seaquest>());
  r.add("space_invaders", "72ffbef6504b75e69ee1045af9075f66", make<SpaceInvaders>());
}

}  // namespace env::games
