// Games darkchambers .. double_dunk: how each reads score, lives and game over out of RAM.
// RAM offsets are RIOT RAM offsets (0x80..0xFF is the address itself).
#include "env/games/games_d_to_f.h"
#include "env/games/score.h"

namespace env::games {

namespace {

const std::vector<int> kAllActions = range(18);

// Once over, the game stays over: a level that goes down (the game restarted by itself), a
// score that goes down (the counter overflowed) or health at zero ends it for good.
class DarkChambers final : public ScoredGame {
 public:
  DarkChambers() { reset(); }
  const char* id() const override { return "darkchambers"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; extra_ = 0; }
  void step(GameMemory& m) override {
    reward_ = 0;
    int level = m.ram(0xD5);  // extra_ keeps the level reached so far
    if (level < extra_) {
      terminal_ = true;
      return;
    }
    extra_ = level;
    int score = 10 * bcdScore(m, 0xCC, 0xCF);
    if (score < score_) terminal_ = true;
    else setScore(score);
    // The top three bits of the health byte are the items carried.
    if ((m.ram(0xCA) & 0x1F) == 0) terminal_ = true;
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
  // The title animation ignores every input, RESET included, for about eight seconds.
  std::vector<int> startingActions() const override { return repeatAction(NOOP, 486); }
};

class Defender final : public LivesGame {
 public:
  Defender() { reset(); }
  const char* id() const override { return "defender"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 3; }
  void step(GameMemory& m) override {
    // Six digits, one per byte (low nibble), least significant first; 0xA is a blank (0).
    int score = 0;
    for (int i = 5; i >= 0; --i) {
      int d = m.ram(static_cast<uint16_t>(0x9C + i)) & 0x0F;
      score = 10 * score + (d == 0x0A ? 0 : d);
    }
    setScore(score);
    lives_ = m.ram(0xC2);
    terminal_ = lives_ == 0;
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
  std::vector<int> modes() const override {
    std::vector<int> v = range(9, 1, 1);
    v.push_back(16);  // the easy game
    return v;
  }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x9B, mode, 2); }
};

class DemonAttack final : public LivesGame {
 public:
  DemonAttack() { reset(); }
  const char* id() const override { return "demon_attack"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 4; levelChange_ = false; }
  void step(GameMemory& m) override {
    // Until the game first clears them, the score bytes hold a fixed AB CD EA pattern.
    bool uncleared = m.ram(0x81) == 0xAB && m.ram(0x83) == 0xCD && m.ram(0x85) == 0xEA;
    setScore(uncleared ? 0 : bcdScore(m, 0x85, 0x83, 0x81));
    int livesShown = m.ram(0xF2);
    // A new variation starting looks like a game over for one frame: not counted as one. Only that
    // frame is excused, so games 3, 5 and 7 are over right after reset (as in the reference too).
    terminal_ = livesShown == 0 && m.ram(0xF1) == 0xBD && !levelChange_;
    lives_ = livesShown + 1;
    levelChange_ = false;
  }
  std::vector<int> minimalActions() const override { return {NOOP, FIRE, RIGHT, LEFT, RIGHTFIRE, LEFTFIRE}; }
  std::vector<int> modes() const override { return {1, 3, 5, 7}; }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override {
    while (c.ram(0xEA) != mode) c.pressSelect(1);
    levelChange_ = true;
    c.softReset();
  }

 private:
  bool levelChange_ = false;  // only ever set between a mode selection and the next frame
};

class DonkeyKong final : public LivesGame {
 public:
  DonkeyKong() { reset(); }
  const char* id() const override { return "donkey_kong"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 2; }
  void step(GameMemory& m) override {
    setScore(100 * bcdScore(m, 0x88, 0x87));
    lives_ = m.ram(0xA3);
    terminal_ = lives_ == 0 && m.ram(0x8F) == 0x03 && m.ram(0x8B) == 0x1F;
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
};

// The reward is our points minus the opponent's; a game is played to 24.
class DoubleDunk final : public ScoredGame {
 public:
  DoubleDunk() { reset(); }
  const char* id() const override { return "double_dunk"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; }
  void step(GameMemory& m) override {
    int mine = bcd(m, 0xF6), theirs = bcd(m, 0xF7);
    setScore(mine - theirs);
    terminal_ = (mine >= 24 || theirs >= 24) && m.ram(0xFE) == 0xE7;
  }
  int lives() const override { return 0; }
  std::vector<int> minimalActions() const override { return kAllActions; }
  std::vector<int> startingActions() const override { return {UPFIRE}; }
  // Each mode bit is one yes/no option of the game's menu.
  std::vector<int> modes() const override { return range(16); }
  void setMode(int mode, GameConsole& c) override {
    auto tap = [&](int action) {
      c.act(action, NOOP);
      c.act(NOOP, NOOP);
    };
    // 0xB0 is the menu line under the cursor; 0x80 holds the options as bits.
    auto nextLine = [&] {
      int line = c.ram(0xB0);
      while (c.ram(0xB0) == line) tap(DOWN);
    };
    auto setOption = [&](int bit, bool on) {
      while (((c.ram(0x80) & bit) != 0) != on) tap(on ? RIGHT : LEFT);
    };
    c.pressSelect(1);  // opens the menu
    nextLine();
    nextLine();  // past the first two lines, which no mode changes
    static const int kOptionBits[4] = {0x08, 0x10, 0x04, 0x20};  // 3-pointers, 10 s clock, 3 s lane, fouls
    for (int i = 0; i < 4; ++i) {
      if (i > 0) nextLine();
      setOption(kOptionBits[i], (mode >> i) & 1);
    }
    c.softReset();
    tap(UPFIRE);
  }
};

}  // namespace

void registerDarkChambersToDoubleDunk(Registry& r) {
  r.add("darkchambers", "106855474c69d08c8ffa308d47337269", make<DarkChambers>());
  r.add("defender", "0f643c34e40e3f1daafd9c524d3ffe64", make<Defender>());
  r.add("demon_attack", "f0e0addc07971561ab80d9abe1b8d333", make<DemonAttack>());
  r.add("donkey_kong", "36b20c427975760cb9cf4a47e41369e4", make<DonkeyKong>());
  r.add("double_dunk", "368d88a6c071caba60b4f778615aae94", make<DoubleDunk>());
}

}  // namespace env::games
