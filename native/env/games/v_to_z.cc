// Games venture .. zaxxon: how each reads score, lives and game over out of RAM.
// RAM offsets are RIOT RAM offsets (0x80..0xFF is the address itself).
#include "env/games/games_k_to_z.h"
#include "env/games/score.h"

namespace env::games {

namespace {

const std::vector<int> kAllActions = range(18);

class Venture final : public LivesGame {
 public:
  Venture() { reset(); }
  const char* id() const override { return "venture"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 4; }
  void step(GameMemory& m) override {
    setScore(100 * bcdScore(m, 0xC8, 0xC7));
    int livesByte = m.ram(0xC6);
    int sound = m.ram(0xCD);
    int death = m.ram(0xBF);
    terminal_ = livesByte == 0 && sound == 0xFF && (death & 0x80);
    lives_ = (livesByte & 0x7) + 1;
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
  std::vector<int> difficulties() const override { return range(4); }
};

// +1 when the opponent (white) has no pieces left, -1 when the player (black) has none;
// reversed in the "give-away" games. The reward stays until the next reset.
class VideoCheckers final : public ScoredGame {
 public:
  VideoCheckers() { reset(); }
  const char* id() const override { return "video_checkers"; }
  void reset() override { reward_ = 0; terminal_ = false; }
  void step(GameMemory& m) override {
    int black = 0, white = 0;
    // The board: four rows of 8 bytes, each row followed by one unused byte.
    for (int row = 0; row < 4; ++row) {
      for (int i = 0; i < 8; ++i) {
        int cell = m.ram(static_cast<uint16_t>(0x80 + 9 * row + i));
        if (cell == 0x10 || cell == 0x20) ++black;
        else if (cell == 0x90 || cell == 0xA0) ++white;
      }
    }
    bool giveAway = extra_ != 0;
    if (black == 0) {
      reward_ = giveAway ? 1 : -1;
      terminal_ = true;
    } else if (white == 0) {
      reward_ = giveAway ? -1 : 1;
      terminal_ = true;
    }
  }
  std::vector<int> minimalActions() const override { return {FIRE, UPRIGHT, UPLEFT, DOWNRIGHT, DOWNLEFT}; }
  std::vector<int> modes() const override {
    std::vector<int> m = range(9, 1, 1);
    for (int g : range(9, 1, 11)) m.push_back(g);
    return m;
  }
  void setMode(int mode, GameConsole& c) override {
    // Games 11..19 (give-away checkers) are stored as 17..25.
    extra_ = mode >= 11;
    selectModeByRam(c, 0xF6, extra_ ? mode + 6 : mode, 1);
  }
};

// +1 for checkmating black, -1 for being checkmated, seen when it is white's turn.
class VideoChess final : public ScoredGame {
 public:
  VideoChess() { reset(); }
  const char* id() const override { return "video_chess"; }
  void reset() override { reward_ = 0; terminal_ = false; }
  void step(GameMemory& m) override {
    reward_ = 0;
    if (m.ram(0xE1) != 0x82) return;  // not white's turn
    int mate = m.ram(0xEE);
    if (mate == 0x00) {
      reward_ = 1;
      terminal_ = true;
    } else if (mate == 0x01) {
      reward_ = -1;
      terminal_ = true;
    }
  }
  std::vector<int> minimalActions() const override { return range(10); }
  std::vector<int> modes() const override { return range(5); }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xEA, mode, 1); }
};

// Reward is the change in the number of solved faces; the episode ends when the cube is solved
// or when the idle timer wraps (the computer takes over), which costs 1.
// Modes are cube * 100 + variation (cube 1..50; 0 also means cube 1), variation 0..2.
class VideoCube final : public ScoredGame {
 public:
  VideoCube() { reset(); }
  const char* id() const override { return "video_cube"; }
  void reset() override {
    reward_ = 0;
    terminal_ = false;
    extra_ = 0;  // solved faces
    cube_ = 1;
    // The idle timer history carries over from the previous episode.
  }
  void step(GameMemory& m) override {
    int solved = 0;
    for (int face = 0; face < 6; ++face) {
      uint16_t first = static_cast<uint16_t>(0xA0 + 9 * face);
      int colour = m.ram(first);
      bool same = true;
      for (int i = 1; i < 9 && same; ++i) same = m.ram(static_cast<uint16_t>(first + i)) == colour;
      if (same) ++solved;
    }
    previousTimer_ = timer_;
    timer_ = m.ram(0xDB);
    bool timedOut = timer_ == 0 && previousTimer_ == 255;
    reward_ = timedOut ? -1 : solved - extra_;
    extra_ = solved;
    terminal_ = timedOut || solved == 6;
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
  std::vector<int> startingActions() const override {
    std::vector<int> a = repeatAction(NOOP, 61);
    a.push_back(FIRE);
    a.push_back(NOOP);
    a.push_back(NOOP);
    return a;
  }
  std::vector<int> modes() const override {
    std::vector<int> m;
    for (int cube = 0; cube <= 50; ++cube)
      for (int variation = 0; variation < 3; ++variation) m.push_back(100 * cube + variation);
    return m;
  }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override {
    if (mode >= 100) cube_ = mode / 100;
    static const int kGameNumber[3] = {1, 3, 9};  // the variations are games 1, 3 and 9
    int wanted = kGameNumber[mode % 100] - 1;
    while ((c.ram(0xFB) & 0x1F) != wanted) c.pressSelect(2);
    c.softReset();
    // The cube number is chosen with the joystick once the game has started.
    while (static_cast<uint8_t>(bcd(c, 0x9F)) != cube_) c.act(RIGHT, NOOP);
  }
  void save(emu::StateWriter& out) const override {
    ScoredGame::save(out);
    out.i32(cube_); out.i32(timer_); out.i32(previousTimer_);
  }
  void load(emu::StateReader& in) override {
    ScoredGame::load(in);
    cube_ = in.i32(); timer_ = in.i32(); previousTimer_ = in.i32();
  }

 private:
  int cube_ = 1, timer_ = 0, previousTimer_ = 0;
};

class VideoPinball final : public LivesGame {
 public:
  VideoPinball() { reset(); }
  const char* id() const override { return "video_pinball"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 3; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xB0, 0xB2, 0xB4));
    terminal_ = (m.ram(0xAF) & 0x1) != 0;
    int ballsUsed = m.ram(0x99) & 0x7;
    int extraBall = m.ram(0xA8) & 0x1;
    lives_ = 4 + extraBall - ballsUsed;
  }
  std::vector<int> minimalActions() const override {
    return {NOOP, FIRE, UP, RIGHT, LEFT, DOWN, UPFIRE, RIGHTFIRE, LEFTFIRE};
  }
  std::vector<int> modes() const override { return {0, 2}; }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xC1, mode, 2); }
};

class WizardOfWor final : public LivesGame {
 public:
  WizardOfWor() { reset(); }
  const char* id() const override { return "wizard_of_wor"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 3; }
  void step(GameMemory& m) override {
    int score = bcdScore(m, 0x86, 0x88);
    if (score >= 8000) score -= 8000;  // a flag bit shares the top digit
    setScore(100 * score);
    int livesLeft = m.ram(0x8D) & 15;
    int state = m.ram(0xF4);
    bool waiting = (m.ram(0xD7) & 0x1) == 0;
    terminal_ = livesLeft == 0 && state == 0xF8;
    if (waiting) lives_ = livesLeft;
  }
  std::vector<int> minimalActions() const override {
    return {NOOP, FIRE, UP, RIGHT, LEFT, DOWN, UPFIRE, RIGHTFIRE, LEFTFIRE, DOWNFIRE};
  }
  std::vector<int> difficulties() const override { return {0, 1}; }
};

// Score is the words still to zap (counting down from 2); only tracked while the clock runs.
class WordZapper final : public ScoredGame {
 public:
  WordZapper() { reset(); }
  const char* id() const override { return "word_zapper"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; }
  void step(GameMemory& m) override {
    if (bcd(m, 0xCF) <= 0) return;  // clock not running: reward and terminal stay as they were
    int score = 2 - static_cast<int8_t>(m.ram(0xDC));
    setScore(score);
    int timeLeft = bcd(m, 0xDE);
    terminal_ = score == 3 || timeLeft == 0;
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
  std::vector<int> startingActions() const override {
    std::vector<int> a = repeatAction(NOOP, 486);
    a.push_back(FIRE);
    a.push_back(NOOP);
    a.push_back(NOOP);
    return a;
  }
  std::vector<int> modes() const override { return range(24); }
  std::vector<int> difficulties() const override { return range(4); }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xDB, mode, 2); }
};

class YarsRevenge final : public LivesGame {
 public:
  YarsRevenge() { reset(); }
  const char* id() const override { return "yars_revenge"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 4; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xE2, 0xE1, 0xE0));
    lives_ = m.ram(0x9E) >> 4;
    terminal_ = lives_ == 0;
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
  std::vector<int> startingActions() const override { return {FIRE}; }
  std::vector<int> modes() const override { return {0x00, 0x20, 0x40, 0x60}; }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override {
    c.pressSelect(2);  // a longer first press, then single frames
    selectModeByRam(c, 0xE3, mode, 1);
  }
};

class Zaxxon final : public LivesGame {
 public:
  Zaxxon() { reset(); }
  const char* id() const override { return "zaxxon"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 5; }
  void step(GameMemory& m) override {
    setScore(100 * bcdScore(m, 0xE9, 0xE8));
    lives_ = m.ram(0xEA) & 0x7;
    terminal_ = lives_ == 0;
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
  std::vector<int> modes() const override { return {0, 8, 16, 24}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x82, mode, 10); }
};

}  // namespace

void registerGamesVtoZ(Registry& r) {
  r.add("venture", "3e899eba0ca8cd2972da1ae5479b4f0d", make<Venture>());
  r.add("video_checkers", "539d26b6e9df0da8e7465f0f5ad863b7", make<VideoCheckers>());
  r.add("video_chess", "f0b7db930ca0e548c41a97160b9f6275", make<VideoChess>());
  r.add("video_cube", "3f540a30fdee0b20aed7288e4a5ea528", make<VideoCube>());
  r.add("video_pinball", "107cc025334211e6d29da0b6be46aec7", make<VideoPinball>());
  r.add("wizard_of_wor", "7e8aa18bc9502eb57daaf5e7c1e94da7", make<WizardOfWor>());
  r.add("word_zapper", "ec3beb6d8b5689e867bafb5d5f507491", make<WordZapper>());
  r.add("yars_revenge", "c5930d0e8cdae3e037349bfa08e871be", make<YarsRevenge>());
  r.add("zaxxon", "eea0da9b987d661264cce69a7c13c3bd", make<Zaxxon>());
}

}  // namespace env::games
