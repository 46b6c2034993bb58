// Games mario_bros .. private_eye: how each reads score, lives and game over out of RAM.
// RAM offsets are RIOT RAM offsets (0x80..0xFF is the address itself).
#include "env/games/games_k_to_z.h"
#include "env/games/score.h"

namespace env::games {

namespace {

const std::vector<int> kAllActions = range(18);

class MarioBros final : public LivesGame {
 public:
  MarioBros() { reset(); }
  const char* id() const override { return "mario_bros"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 0; }
  void step(GameMemory& m) override {
    setScore(100 * bcdScore(m, 0x8A, 0x89));
    lives_ = m.ram(0x87);
    terminal_ = lives_ == 0;
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
  std::vector<int> startingActions() const override {
    std::vector<int> a = repeatAction(NOOP, 10);
    for (int f : repeatAction(FIRE, 7)) a.push_back(f);
    return a;
  }
  std::vector<int> modes() const override { return {0, 2, 4, 6}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x80, mode, 5); }
};

// Rewards the strokes under par when a hole is finished; the game is over when the hole
// counter wraps back to 0.
class MiniatureGolf final : public ScoredGame {
 public:
  MiniatureGolf() { reset(); }
  const char* id() const override { return "miniature_golf"; }
  void reset() override {
    reward_ = 0;
    terminal_ = false;
    hole_ = par_ = strokes_ = shown_ = strokesAtHoleStart_ = 0;
  }
  void step(GameMemory& m) override {
    reward_ = 0;
    int shown = bcd(m, 0x87);   // strokes on the display (or 0 between holes)
    int parShown = bcd(m, 0x88);
    int hole = bcd(m, 0xAF);
    if (hole != hole_) {
      int strokesThisHole = shown_ + strokes_ - strokesAtHoleStart_;
      if (strokesThisHole > 0) reward_ = par_ - strokesThisHole;
      if (hole == 0) terminal_ = true;
      hole_ = hole;
      strokes_ = 0;
      strokesAtHoleStart_ = shown_;
    }
    if (parShown != 0) {
      par_ = parShown;
    } else {
      if (shown < shown_) strokes_ += shown_;  // the display wrapped: keep what it held
      shown_ = shown;
    }
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void save(emu::StateWriter& out) const override {
    ScoredGame::save(out);
    out.i32(hole_); out.i32(par_); out.i32(strokes_); out.i32(shown_); out.i32(strokesAtHoleStart_);
  }
  void load(emu::StateReader& in) override {
    ScoredGame::load(in);
    hole_ = in.i32(); par_ = in.i32(); strokes_ = in.i32(); shown_ = in.i32(); strokesAtHoleStart_ = in.i32();
  }

 private:
  int hole_ = 0, par_ = 0, strokes_ = 0, shown_ = 0, strokesAtHoleStart_ = 0;
};

class MrDo final : public LivesGame {
 public:
  MrDo() { reset(); }
  const char* id() const override { return "mr_do"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 4; }
  void step(GameMemory& m) override {
    setScore(10 * bcdScore(m, 0x82, 0x83));
    lives_ = m.ram(0xDB);
    terminal_ = m.ram(0xDA) == 0x40;
  }
  std::vector<int> minimalActions() const override {
    return {NOOP, FIRE, UP, RIGHT, LEFT, DOWN, UPFIRE, RIGHTFIRE, LEFTFIRE, DOWNFIRE};
  }
  std::vector<int> startingActions() const override { return {FIRE}; }
  std::vector<int> modes() const override { return range(4); }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x80, mode, 5); }
};

class NameThisGame final : public LivesGame {
 public:
  NameThisGame() { reset(); }
  const char* id() const override { return "name_this_game"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 3; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xC6, 0xC5, 0xC4));
    lives_ = m.ram(0xC7) & 0x7;
    terminal_ = lives_ == 0;
  }
  std::vector<int> minimalActions() const override { return {NOOP, FIRE, RIGHT, LEFT, RIGHTFIRE, LEFTFIRE}; }
  std::vector<int> modes() const override { return {0x08, 0x18, 0x28}; }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xDE, mode, 2); }
};

// Score is the disc difference; the game counts as over once the game stops asking for input.
class Othello final : public ScoredGame {
 public:
  Othello() { reset(); }
  const char* id() const override { return "othello"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; extra_ = 0; }
  void step(GameMemory& m) override {
    int white = bcd(m, 0xCE), black = bcd(m, 0xD0);
    setScore(white - black);
    extra_ = m.ram(0xC0) == 0 ? extra_ + 1 : 0;  // frames without a player to move
    terminal_ = extra_ > 50;
  }
  std::vector<int> minimalActions() const override { return range(10); }
  std::vector<int> modes() const override { return range(3); }
  std::vector<int> difficulties() const override { return {0, 2}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xDE, mode + 1, 2); }
};

class Pacman final : public LivesGame {
 public:
  Pacman() { reset(); }
  const char* id() const override { return "pacman"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 4; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xCC, 0xCE, 0xD0));
    lives_ = m.ram(0x98) + 1;
    int animation = m.ram(0xE4);
    terminal_ = lives_ == 1 && animation == 0x3F;
  }
  std::vector<int> minimalActions() const override { return {NOOP, UP, RIGHT, LEFT, DOWN}; }
  std::vector<int> modes() const override { return range(8); }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override {
    // The select switch cycles game numbers for one and two players; stop at the one-player one.
    while (true) {
      int shown = static_cast<uint8_t>(c.ram(0xCC) - 1);
      bool onePlayer = c.ram(0xE6) == 0;
      if (shown == mode && onePlayer) break;
      c.pressSelect(2);
    }
    c.softReset();
  }
};

class Phoenix final : public LivesGame {
 public:
  Phoenix() { reset(); }
  const char* id() const override { return "phoenix"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 5; }
  void step(GameMemory& m) override {
    int score = 10 * bcdScore(m, 0xC8, 0xC9) + (m.ram(0xC7) >> 4);
    setScore(10 * score);
    terminal_ = m.ram(0xCC) == 0x80;
    lives_ = m.ram(0xCB) & 0x7;
  }
  std::vector<int> minimalActions() const override {
    return {NOOP, FIRE, RIGHT, LEFT, DOWN, RIGHTFIRE, LEFTFIRE, DOWNFIRE};
  }
};

class Pitfall final : public LivesGame {
 public:
  Pitfall() { reset(); }
  const char* id() const override { return "pitfall"; }
  void reset() override { reward_ = 0; score_ = 2000; terminal_ = false; lives_ = 3; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xD7, 0xD6, 0xD5));
    int livesBits = m.ram(0x80) >> 4;  // one bit per spare life
    int logoTimer = m.ram(0x9E);
    terminal_ = livesBits == 0 && logoTimer != 0;
    lives_ = livesBits == 0xA ? 3 : livesBits == 0x8 ? 2 : 1;
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
  std::vector<int> startingActions() const override { return {UP}; }
};

// Pitfall II has no game over; the episode ends at the maximum score.
class Pitfall2 final : public LivesGame {
 public:
  Pitfall2() { reset(); }
  const char* id() const override { return "pitfall2"; }
  void reset() override { reward_ = 0; score_ = 4000; terminal_ = false; lives_ = 1; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xC9, 0xC8, 0xC7));
    lives_ = 1;
    terminal_ = score_ == 199000;
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
  std::vector<int> startingActions() const override { return {UP}; }
};

class Pooyan final : public LivesGame {
 public:
  Pooyan() { reset(); }
  const char* id() const override { return "pooyan"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 3; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0x8A, 0x89, 0x88));
    int livesByte = m.ram(0x96);
    int phase = m.ram(0x98);
    terminal_ = livesByte == 0x0 && phase == 0x05;
    lives_ = (livesByte & 0x7) + 1;
  }
  std::vector<int> minimalActions() const override { return {NOOP, FIRE, UP, DOWN, UPFIRE, DOWNFIRE}; }
  std::vector<int> modes() const override { return {0x0A, 0x1E, 0x32, 0x46}; }
  void setMode(int mode, GameConsole& c) override {
    c.pressSelect(2);  // the first press only wakes the selection up
    selectModeByRam(c, 0xBD, mode, 2);
  }
};

class PrivateEye final : public ScoredGame {
 public:
  PrivateEye() { reset(); }
  const char* id() const override { return "private_eye"; }
  void reset() override { reward_ = 0; score_ = 1000; terminal_ = false; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xCA, 0xC9, 0xC8));
    int copyrightTimer = m.ram(0xC2);
    terminal_ = copyrightTimer != 0x00 && copyrightTimer != 0x01;
  }
  int lives() const override { return 0; }
  std::vector<int> minimalActions() const override { return kAllActions; }
  std::vector<int> startingActions() const override { return {UP}; }
  std::vector<int> modes() const override { return range(5); }
  std::vector<int> difficulties() const override { return range(4); }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x80, mode, 2); }
};

}  // namespace

void registerGamesMtoP(Registry& r) {
  r.add("mario_bros", "e908611d99890733be31733a979c62d8", make<MarioBros>());
  r.add("miniature_golf", "df62a658496ac98a3aa4a6ee5719c251", make<MiniatureGolf>());
  r.add("mr_do", "aa7bb54d2c189a31bb1fa20099e42859", make<MrDo>());
  r.add("name_this_game", "36306070f0c90a72461551a7a4f3a209", make<NameThisGame>());
  r.add("othello", "113cd09c9771ac278544b7e90efe7df2", make<Othello>());
  r.add("pacman", "fc2233fc116faef0d3c31541717ca2db", make<Pacman>());
  r.add("phoenix", "7e52a95074a66640fcfde124fffd491a", make<Phoenix>());
  r.add("pitfall", "3e90cf23106f2e08b2781e41299de556", make<Pitfall>());
  r.add("pitfall2", "6d842c96d5a01967be9680080dd5be54", make<Pitfall2>());
  r.add("pooyan", "4799a40b6e889370b7ee55c17ba65141", make<Pooyan>());
  r.add("private_eye", "ef3a4f64b6494ba770862768caf04b86", make<PrivateEye>());
}

}  // namespace env::games
