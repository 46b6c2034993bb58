// Miniature Golf
// Rewards the strokes under par when a hole is finished; the game is over when the hole
// counter wraps back to 0.
#include "env/game_helpers.h"

namespace env::games {

namespace {

class MiniatureGolf final : public ScoredGame {
 public:
  void reset() override {
    ScoredGame::reset();
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

}  // namespace

std::unique_ptr<Game> miniature_golf() { return std::make_unique<MiniatureGolf>(); }

}  // namespace env::games
