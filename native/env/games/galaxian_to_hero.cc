// Galaxian, Gopher, Gravitar, Hangman, Haunted House and H.E.R.O.
// RAM offsets are RIOT RAM offsets (0x80..0xFF is the address itself).
#include "env/games/games_g_to_k.h"
#include "env/games/score.h"

namespace env::games {

namespace {

const std::vector<int> kAllActions = range(18);

class Galaxian final : public LivesGame {
 public:
  Galaxian() { reset(); }
  const char* id() const override { return "galaxian"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 3; }
  void step(GameMemory& m) override {
    int score = bcdScore(m, 0xAE, 0xAD, 0xAC);
    reward_ = score - score_;
    if (reward_ < 0) reward_ += 1000000;  // the six-digit counter rolled over
    score_ = score;
    terminal_ = (m.ram(0xBF) & 0x80) != 0;
    lives_ = m.ram(0xB9) + 1;  // 0xB9 counts the reserve ships shown below the playfield
  }
  std::vector<int> minimalActions() const override { return {NOOP, FIRE, RIGHT, LEFT, RIGHTFIRE, LEFTFIRE}; }
  std::vector<int> modes() const override { return range(9, 1, 1); }  // the game numbers 1..9
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xB3, mode); }
};

class Gopher final : public LivesGame {
 public:
  Gopher() { reset(); }
  const char* id() const override { return "gopher"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 3; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xB2, 0xB1, 0xB0));
    // One bit per carrot still in the ground: the lives are the carrots left.
    int carrots = m.ram(0xB4) & 0x7;
    terminal_ = carrots == 0;
    lives_ = (carrots & 1) + ((carrots >> 1) & 1) + ((carrots >> 2) & 1);
  }
  std::vector<int> minimalActions() const override {
    return {NOOP, FIRE, UP, RIGHT, LEFT, UPFIRE, RIGHTFIRE, LEFTFIRE};
  }
  std::vector<int> startingActions() const override { return {FIRE}; }
  std::vector<int> modes() const override { return {0, 2}; }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override {
    c.softReset();  // a game is started once before the variations are stepped through
    selectModeByRam(c, 0xD3, mode, 5);
  }
};

class Gravitar final : public LivesGame {
 public:
  Gravitar() { reset(); }
  const char* id() const override { return "gravitar"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 6; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0x89, 0x88, 0x87));
    // 0x81 is the screen shown (1: game over); while it is 0 the full stock of six ships is reported.
    int screen = m.ram(0x81);
    terminal_ = screen == 0x01;
    lives_ = screen == 0x00 ? 6 : m.ram(0x84) + 1;
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
  std::vector<int> startingActions() const override { return repeatAction(FIRE, 16); }
  std::vector<int> modes() const override { return range(5); }
  void setMode(int mode, GameConsole& c) override {
    while (c.ram(0x80) != mode) c.pressSelect(10);
    static const int kShips[5] = {6, 15, 6, 100, 25};  // the stock each game variation starts with
    lives_ = kShips[mode];
    c.softReset();
  }
};

// Each word is one episode: it ends as soon as either side scores, or when the guess timer runs out.
class Hangman final : public ScoredGame {
 public:
  Hangman() { reset(); }
  const char* id() const override { return "hangman"; }
  void reset() override {
    reward_ = score_ = extra_ = 0;  // score_: the player's words, extra_: the computer's
    terminal_ = false;
    timer_ = previousTimer_ = -1;
  }
  void step(GameMemory& m) override {
    int player = bcd(m, 0xEB), computer = bcd(m, 0xEC);
    reward_ = (player - score_) - (computer - extra_);
    score_ = player;
    extra_ = computer;
    previousTimer_ = timer_;
    timer_ = m.ram(0xF1);
    bool timedOut = timer_ == 0 && previousTimer_ == 0xFF;  // the guess timer running out
    terminal_ = reward_ != 0 || timedOut;
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
  std::vector<int> modes() const override { return range(4); }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xEE, mode, 2); }
  void save(emu::StateWriter& out) const override {
    ScoredGame::save(out);
    out.i32(timer_); out.i32(previousTimer_);
  }
  void load(emu::StateReader& in) override {
    ScoredGame::load(in);
    timer_ = in.i32(); previousTimer_ = in.i32();
  }

 private:
  int timer_ = -1, previousTimer_ = -1;
};

// No score: each match struck costs a point, escaping with the whole urn earns 100.
class HauntedHouse final : public LivesGame {
 public:
  HauntedHouse() { reset(); }
  const char* id() const override { return "haunted_house"; }
  void reset() override { reward_ = score_ = extra_ = 0; terminal_ = false; lives_ = 9; }
  void step(GameMemory& m) override {
    reward_ = 0;
    int matches = bcd(m, 0x82);  // matches used so far
    if (matches != extra_) {
      reward_ -= 1;
      extra_ = matches;
    }
    lives_ = m.ram(0x96);
    bool escaped = m.ram(0x99) == 0x44;
    if (escaped) reward_ += 100;
    terminal_ = lives_ == 0 || escaped;
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
  std::vector<int> modes() const override { return range(9); }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xCC, mode, 2); }
};

class Hero final : public LivesGame {
 public:
  Hero() { reset(); }
  const char* id() const override { return "hero"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 4; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xB9, 0xB8, 0xB7));
    lives_ = m.ram(0xB3);
    terminal_ = lives_ == 0;
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
  std::vector<int> modes() const override { return range(5); }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x80, mode); }
};

}  // namespace

void registerGalaxianToHero(Registry& r) {
  r.add("galaxian", "211774f4c5739042618be8ff67351177", make<Galaxian>());
  r.add("gopher", "c16c79aad6272baffb8aae9a7fff0864", make<Gopher>());
  r.add("gravitar", "8ac18076d01a6b63acf6e2cab4968940", make<Gravitar>());
  r.add("hangman", "f16c709df0a6c52f47ff52b9d95b7d8d", make<Hangman>());
  r.add("haunted_house", "f0a6e99f5875891246c3dbecbf2d2cea", make<HauntedHouse>());
  r.add("hero", "fca4a5be1251927027f2c24774a02160", make<Hero>());
}

}  // namespace env::games
