// Klax
#include "env/game_helpers.h"

namespace env::games {

namespace {

class Klax final : public ScoredGame {
 public:
  void step(GameMemory& m) override {
    // Score, misses and level live in cartridge RAM (read through its read port).
    setScore(peekBcd(m, 0xF0B4) + 100 * peekBcd(m, 0xF0B5) + 10000 * peekBcd(m, 0xF0B6));
    int misses = m.peek(0xF0EE);
    int maxMisses = m.peek(0xF0E9);
    bool playing = m.ram(0xA8) == 4;
    int filled = 0;  // bin cells holding a tile (the other codes are empty cells)
    for (int i = 0; i < 25; ++i) {
      int cell = m.ram(static_cast<uint16_t>(0xB3 + i));
      if (cell != 0 && cell != 2 && cell != 6 && cell != 10 && cell != 14) ++filled;
    }
    int level = m.peek(0xF09D);
    terminal_ = (maxMisses > 0 && misses == maxMisses) || (playing && filled == 25) || level == 0x99;
  }
  std::vector<int> startingActions() const override { return {FIRE, NOOP}; }
  std::vector<int> modes() const override { return range(3); }
  void setMode(int mode, GameConsole& c) override { selectModeByPeek(c, 0xF0EA, mode, 2); }

 private:
  static int peekBcd(GameMemory& m, uint16_t addr) {
    int v = m.peek(addr);
    return 10 * (v >> 4) + (v & 0x0F);
  }
};

}  // namespace

std::unique_ptr<Game> klax() { return std::make_unique<Klax>(); }

}  // namespace env::games
