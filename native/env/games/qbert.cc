// Q*bert
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Qbert final : public LivesGame {
 public:
  Qbert() : LivesGame(4) {}
  // extra_ holds the previous lives byte as a signed value.
  void reset() override {
    LivesGame::reset();
    extra_ = 2;
  }
  void step(GameMemory& m) override {
    int livesByte = m.ram(0x88);
    terminal_ = livesByte == 0xFE || (livesByte == 0x02 && extra_ == -1);
    int asSigned = static_cast<int8_t>(livesByte);
    if (extra_ - 1 == asSigned) --lives_;
    extra_ = asSigned;
    if (!terminal_) setScore(bcdScore(m, 0xDB, 0xDA, 0xD9));
    else reward_ = 0;
  }
  std::vector<int> difficulties() const override { return {0, 1}; }
};

}  // namespace

std::unique_ptr<Game> qbert() { return std::make_unique<Qbert>(); }

}  // namespace env::games
