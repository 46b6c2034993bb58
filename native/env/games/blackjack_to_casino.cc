// Blackjack, Bowling, Carnival and Casino (Poker Plus).
#include "env/games/games_a_to_k.h"
#include "env/games/score.h"

namespace env::games {

namespace {

// The score is the player's chips; the game ends when they are lost or reach 1000.
class Blackjack final : public ScoredGame {
 public:
  Blackjack() { reset(); }
  const char* id() const override { return "blackjack"; }
  void modifySettings(GameSettings& s) const override { s.paddleMax = 795000; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; }
  void step(GameMemory& m) override {
    // Broke: the chip display shows its "bust" pattern (0x0B, 0xBB) instead of digits.
    bool bust = m.ram(0x86) == 0x0B && m.ram(0x89) == 0xBB;
    setScore(bust ? 0 : bcdScore(m, 0x89, 0x86));
    terminal_ = bust || score_ >= 1000;
  }
  std::vector<int> minimalActions() const override { return {NOOP, FIRE, UP, DOWN}; }
  std::vector<int> difficulties() const override { return range(4); }
};

class Bowling final : public ScoredGame {
 public:
  Bowling() { reset(); }
  const char* id() const override { return "bowling"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xA1, 0xA6));
    terminal_ = m.ram(0xA4) > 0x10;  // the round counter past the last round
  }
  int lives() const override { return 0; }
  std::vector<int> minimalActions() const override { return {NOOP, FIRE, UP, DOWN, UPFIRE, DOWNFIRE}; }
  std::vector<int> modes() const override { return {0, 2, 4}; }
  std::vector<int> difficulties() const override { return {0, 1}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x82, mode, 2); }
};

class Carnival final : public ScoredGame {
 public:
  Carnival() { reset(); }
  const char* id() const override { return "carnival"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; }
  void step(GameMemory& m) override {
    setScore(10 * bcdScore(m, 0xAE, 0xAD));
    terminal_ = m.ram(0x83) < 1;  // out of bullets
  }
  int lives() const override { return 0; }
  std::vector<int> minimalActions() const override { return {NOOP, FIRE, RIGHT, LEFT, RIGHTFIRE, LEFTFIRE}; }
};

// The score is the player's chips. In the poker games (0xD4 != 3) a hand's winnings only count as
// reward while the player's input is enabled (bit 7 of 0xD3 clear): the reward of the last frame that counted stays until then.
class Casino final : public ScoredGame {
 public:
  Casino() { reset(); }
  const char* id() const override { return "casino"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; }
  void step(GameMemory& m) override {
    int score = bcdScore(m, 0x95, 0x8C);
    if (m.ram(0xD4) == 3) {
      bool payoutDone = m.ram(0x9E) == 0xAA;
      reward_ = score - score_;
      terminal_ = score > 0 && payoutDone;
    } else {
      bool inputOff = (m.ram(0xD3) & 0x80) != 0;
      if (!inputOff) reward_ = score - score_;
      int bet = bcd(m, 0x9E);
      terminal_ = score == 0 || (bet > 0 && inputOff);
    }
    score_ = score;
  }
  std::vector<int> minimalActions() const override { return {NOOP, FIRE, UP, DOWN}; }
  std::vector<int> startingActions() const override {
    std::vector<int> a = repeatAction(NOOP, 60);  // wait for the table, then deal in
    a.push_back(FIRE);
    a.push_back(FIRE);
    return a;
  }
  std::vector<int> modes() const override { return {0, 2, 3}; }
  std::vector<int> difficulties() const override { return range(4); }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xD4, mode, 2); }
};

}  // namespace

void registerBlackjackToCasino(Registry& r) {
  r.add("blackjack", "0a981c03204ac2b278ba392674682560", make<Blackjack>());
  r.add("bowling", "c9b7afad3bfd922e006a6bfc1d4f3fe7", make<Bowling>());
  r.add("carnival", "028024fb8e5e5f18ea586652f9799c96", make<Carnival>());
  r.add("casino", "b816296311019ab69a21cb9e9e235d12", make<Casino>());
}

}  // namespace env::games
