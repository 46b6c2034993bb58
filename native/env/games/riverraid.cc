// River Raid
// River Raid keeps each score digit as a sprite offset (digit * 8) in every other byte.
#include "env/game_helpers.h"

namespace env::games {

namespace {

class RiverRaid final : public ScoredGame {
 public:
  // extra_ holds the previous lives byte: the game is over when it goes from "last life" to "new game".
  void reset() override {
    ScoredGame::reset();
    extra_ = kStartLivesByte;
  }
  void step(GameMemory& m) override {
    int score = 0, scale = 1;
    for (int offset = 87; offset >= 77; offset -= 2, scale *= 10) score += scale * digit(m.ram(static_cast<uint16_t>(offset)));
    setScore(score);
    int livesByte = m.ram(0xC0);
    terminal_ = livesByte == kStartLivesByte && extra_ == kLastLifeByte;
    extra_ = livesByte;
  }
  int lives() const override {
    if (terminal_) return 0;
    if (extra_ == kStartLivesByte) return 4;
    if (extra_ == kLastLifeByte) return 1;
    return extra_ / 8 + 1;
  }
  std::vector<int> difficulties() const override { return {0, 1}; }

 private:
  static constexpr int kStartLivesByte = 0x58, kLastLifeByte = 0x59;
  // Anything that is not a digit sprite reads as 0.
  static int digit(int v) { return v % 8 == 0 && v <= 72 ? v / 8 : 0; }
};

}  // namespace

std::unique_ptr<Game> riverraid() { return std::make_unique<RiverRaid>(); }

}  // namespace env::games
