// Atlantis, Bank Heist, Battle Zone and Berzerk.
#include "env/games/games_a_to_k.h"
#include "env/games/score.h"

namespace env::games {

namespace {

class Atlantis final : public ScoredGame {
 public:
  Atlantis() { reset(); }
  const char* id() const override { return "atlantis"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 6; }
  void step(GameMemory& m) override {
    int previous = score_;
    setScore(100 * bcdScore(m, 0xA2, 0xA3, 0xA1));
    lives_ = m.ram(0xF1);
    terminal_ = lives_ == 0xFF;
    if (terminal_) {  // the score display is cleared at the end: no reward for that
      reward_ = 0;
      score_ = previous;
    }
  }
  int lives() const override { return terminal_ ? 0 : lives_; }
  std::vector<int> minimalActions() const override { return {NOOP, FIRE, RIGHTFIRE, LEFTFIRE}; }
  std::vector<int> modes() const override { return range(4); }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x8D, mode, 2); }
};

class BankHeist final : public ScoredGame {
 public:
  BankHeist() { reset(); }
  const char* id() const override { return "bank_heist"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 5; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xDA, 0xD9, 0xD8));
    int deathTimer = m.ram(0xCE);
    lives_ = m.ram(0xD5);
    terminal_ = deathTimer == 0x01 && lives_ == 0;  // the death timer ending with no car left
  }
  int lives() const override { return terminal_ ? 0 : lives_; }
  std::vector<int> minimalActions() const override { return range(18); }
  std::vector<int> modes() const override { return range(8, 4); }
  std::vector<int> difficulties() const override { return range(4); }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x80, mode); }
};

class BattleZone final : public ScoredGame {
 public:
  BattleZone() { reset(); }
  const char* id() const override { return "battle_zone"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 5; }
  void step(GameMemory& m) override {
    // Thousands of points in three BCD digits, where the digit value 10 draws a blank.
    auto digit = [](int d) { return d == 10 ? 0 : d; };
    int lo = m.ram(0x9D), hi = m.ram(0x9E);
    setScore(1000 * (digit(lo >> 4) + 10 * digit(hi & 0x0F) + 100 * digit(hi >> 4)));
    lives_ = m.ram(0xBA) & 0x0F;
    terminal_ = lives_ == 0;
  }
  int lives() const override { return terminal_ ? 0 : lives_; }
  std::vector<int> minimalActions() const override { return range(18); }
  std::vector<int> modes() const override { return range(3, 1, 1); }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xA1, mode, 2); }
};

class Berzerk final : public ScoredGame {
 public:
  Berzerk() { reset(); }
  const char* id() const override { return "berzerk"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 3; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 95, 94, 93));
    int livesByte = m.ram(0xDA);
    terminal_ = livesByte == 0xFF;
    lives_ = livesByte + 1;
  }
  int lives() const override { return terminal_ ? 0 : lives_; }
  std::vector<int> minimalActions() const override { return range(18); }
  std::vector<int> modes() const override {
    std::vector<int> m = range(9, 1, 1);
    for (int extra : {0x10, 0x11, 0x12}) m.push_back(extra);
    return m;
  }
  void setMode(int mode, GameConsole& c) override {
    for (int i = 0; i < 20; ++i) c.act(NOOP, NOOP);  // let the title settle before selecting
    selectModeByRam(c, 0x80, mode, 2);
  }
};

}  // namespace

void registerAtlantisToBerzerk(Registry& r) {
  r.add("atlantis", "9ad36e699ef6f45d9eb6c4cf90475c9f", make<Atlantis>());
  r.add("bank_heist", "00ce0bdd43aed84a983bef38fe7f5ee3", make<BankHeist>());
  r.add("battle_zone", "41f252a66c6301f1e8ab3612c19bc5d4", make<BattleZone>());
  r.add("berzerk", "136f75c4dd02c29283752b7e5799f978", make<Berzerk>());
}

}  // namespace env::games
