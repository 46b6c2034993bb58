// Games tennis .. up_n_down: how each reads score, lives and game over out of RAM.
// RAM offsets are RIOT RAM offsets (0x80..0xFF is the address itself).
#include "env/games/games_k_to_z.h"
#include "env/games/score.h"

namespace env::games {

namespace {

const std::vector<int> kAllActions = range(18);

// Reward follows the point difference within a game, or the games difference when a game ends.
class Tennis final : public ScoredGame {
 public:
  Tennis() { reset(); }
  const char* id() const override { return "tennis"; }
  void reset() override { reward_ = 0; terminal_ = false; score_ = extra_ = 0; }
  void step(GameMemory& m) override {
    int myGames = m.ram(0xC5), theirGames = m.ram(0xC6);
    int myPoints = m.ram(0xC7), theirPoints = m.ram(0xC8);
    int gamesLead = myGames - theirGames;
    int pointsLead = myPoints - theirPoints;
    // score_ / extra_: the previous points lead / games lead.
    if (score_ != pointsLead) reward_ = pointsLead - score_;
    else if (extra_ != gamesLead) reward_ = gamesLead - extra_;
    else reward_ = 0;
    score_ = pointsLead;
    extra_ = gamesLead;
    terminal_ = (myPoints >= 6 && pointsLead >= 2) || (theirPoints >= 6 && -pointsLead >= 2) ||
                myPoints == 7 || theirPoints == 7;
  }
  int lives() const override { return 0; }
  std::vector<int> minimalActions() const override { return kAllActions; }
  std::vector<int> modes() const override { return {0, 2}; }
  std::vector<int> difficulties() const override { return range(4); }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x80, mode, 2); }
};

// Only increases of the line count are rewarded; the bookkeeping restarts at each game over.
class Tetris final : public ScoredGame {
 public:
  Tetris() { reset(); }
  const char* id() const override { return "tetris"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; extra_ = 0; }
  void step(GameMemory& m) override {
    int score = bcdScore(m, 0x71, 0x72);
    reward_ = score > score_ ? score - score_ : 0;
    score_ = score;
    extra_ = 1;  // started: set from the first frame on
    terminal_ = extra_ && (m.ram(0x73) & 0x80);
    if (terminal_) {
      score_ = 0;
      extra_ = 0;
    }
  }
  int lives() const override { return 0; }
  std::vector<int> minimalActions() const override { return {NOOP, FIRE, RIGHT, LEFT, DOWN}; }
};

// +1 for a win, -1 for a loss, when the game jumps to its end-of-game routine; a full board
// also ends it.
class TicTacToe3d final : public ScoredGame {
 public:
  TicTacToe3d() { reset(); }
  const char* id() const override { return "tic_tac_toe_3d"; }
  void reset() override { reward_ = 0; terminal_ = false; }
  void step(GameMemory& m) override {
    reward_ = 0;
    int returnLo = m.ram(0xFE), returnHi = m.ram(0xFF);
    int winner = m.ram(0xE1);
    if (returnHi == 0xF3 && returnLo == 0x10) {
      reward_ = winner == 0x08 ? 1 : -1;
      terminal_ = true;
    }
    for (int cell = 0x9A; cell <= 0xD9; ++cell)
      if (m.ram(static_cast<uint16_t>(cell)) == 0) return;
    terminal_ = true;
  }
  std::vector<int> minimalActions() const override { return range(10); }
  std::vector<int> modes() const override { return range(9); }
  std::vector<int> difficulties() const override { return {0, 2}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x88, mode, 2); }
};

class TimePilot final : public LivesGame {
 public:
  TimePilot() { reset(); }
  const char* id() const override { return "time_pilot"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 5; }
  void step(GameMemory& m) override {
    setScore(100 * bcdScore(m, 0x8D, 0x8F));
    int livesLeft = m.ram(0x8B) & 0x7;
    int screen = m.ram(0x80) & 0xF;
    terminal_ = m.ram(0xA0) != 0;
    if (screen == 2) lives_ = livesLeft + 1;  // the lives byte is only meaningful while playing
  }
  std::vector<int> minimalActions() const override {
    return {NOOP, FIRE, UP, RIGHT, LEFT, DOWN, UPFIRE, RIGHTFIRE, LEFTFIRE, DOWNFIRE};
  }
  std::vector<int> difficulties() const override { return range(3); }
};

class Trondead final : public LivesGame {
 public:
  Trondead() { reset(); }
  const char* id() const override { return "trondead"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 5; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xBF, 0xBE, 0xBD));
    int hits = m.ram(0xC8);
    terminal_ = hits == 5;
    lives_ = 5 - hits;
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
  std::vector<int> difficulties() const override { return {0, 1}; }
};

class Turmoil final : public LivesGame {
 public:
  Turmoil() { reset(); }
  const char* id() const override { return "turmoil"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 4; }
  void step(GameMemory& m) override {
    int score = bcdScore(m, 0x89, 0x8A) + m.ram(0xD3);
    setScore(10 * score);
    lives_ = m.ram(0xB9);
    terminal_ = lives_ == 0 && m.ram(0xC5) == 0x01;
  }
  std::vector<int> minimalActions() const override {
    return {NOOP, FIRE, UP, RIGHT, LEFT, DOWN, UPRIGHT, UPLEFT, DOWNRIGHT, DOWNLEFT, RIGHTFIRE, LEFTFIRE};
  }
  std::vector<int> startingActions() const override { return {FIRE}; }
  std::vector<int> modes() const override { return range(9); }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xEA, mode, 2); }
};

class Tutankham final : public LivesGame {
 public:
  Tutankham() { reset(); }
  const char* id() const override { return "tutankham"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 3; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0x9C, 0x9A));
    int livesByte = m.ram(0x9E);
    int state = m.ram(0x81);
    terminal_ = livesByte == 0 && state != 0x84;
    lives_ = livesByte & 0x3;
  }
  std::vector<int> minimalActions() const override {
    return {NOOP, UP, RIGHT, LEFT, DOWN, UPFIRE, RIGHTFIRE, LEFTFIRE};
  }
  std::vector<int> modes() const override { return {0, 4, 8, 12}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xAB, mode, 2); }
};

class UpNDown final : public LivesGame {
 public:
  UpNDown() { reset(); }
  const char* id() const override { return "up_n_down"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 5; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0x82, 0x81, 0x80));
    int livesLeft = m.ram(0x86) & 0xF;
    int deathTimer = m.ram(0x94);
    terminal_ = deathTimer > 0x40 && livesLeft == 0;
    lives_ = livesLeft + 1;
  }
  std::vector<int> minimalActions() const override { return {NOOP, FIRE, UP, DOWN, UPFIRE, DOWNFIRE}; }
  std::vector<int> startingActions() const override { return {FIRE}; }
  std::vector<int> difficulties() const override { return range(4); }
};

}  // namespace

void registerGamesTtoU(Registry& r) {
  r.add("tennis", "42cdd6a9e42a3639e190722b8ea3fc51", make<Tennis>());
  r.add("tetris", "b0e1ee07fbc73493eac5651a52f90f00", make<Tetris>());
  r.add("tic_tac_toe_3d", "0db4f4150fecf77e4ce72ca4d04c052f", make<TicTacToe3d>());
  r.add("time_pilot", "fc2104dd2dadf9a6176c1c1c8f87ced9", make<TimePilot>());
  r.add("trondead", "fb27afe896e7c928089307b32e5642ee", make<Trondead>());
  r.add("turmoil", "7a5463545dfb2dcfdafa6074b2f2c15e", make<Turmoil>());
  r.add("tutankham", "085322bae40d904f53bdcc56df0593fc", make<Tutankham>());
  r.add("up_n_down", "a499d720e7ee35c62424de882a3351b6", make<UpNDown>());
}

}  // namespace env::games
