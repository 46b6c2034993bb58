// Hangman
// Each word is one episode: it ends as soon as either side scores, or when the guess timer runs out.
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Hangman final : public ScoredGame {
 public:
  // score_: the player's words, extra_: the computer's.
  void reset() override {
    ScoredGame::reset();
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

}  // namespace

std::unique_ptr<Game> hangman() { return std::make_unique<Hangman>(); }

}  // namespace env::games
