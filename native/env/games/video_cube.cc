// Video Cube
// Reward is the change in the number of solved faces; the episode ends when the cube is solved
// or when the idle timer wraps (the computer takes over), which costs 1.
// Modes are cube * 100 + variation (cube 1..50; 0 also means cube 1), variation 0..2.
#include "env/game_helpers.h"

namespace env::games {

namespace {

class VideoCube final : public ScoredGame {
 public:
  // extra_ holds the solved faces. The idle timer history carries over from the previous episode.
  void reset() override {
    ScoredGame::reset();
    cube_ = 1;
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
  std::vector<int> startingActions() const override { return join(repeatAction(NOOP, 61), {FIRE, NOOP, NOOP}); }
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

}  // namespace

std::unique_ptr<Game> video_cube() { return std::make_unique<VideoCube>(); }

}  // namespace env::games
