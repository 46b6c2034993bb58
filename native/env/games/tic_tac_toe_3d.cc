// 3-D Tic-Tac-Toe
// +1 for a win, -1 for a loss, when the game jumps to its end-of-game routine; a full board
// also ends it.
#include "env/game_helpers.h"

namespace env::games {

namespace {

class TicTacToe3d final : public ScoredGame {
 public:
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
  std::vector<int> modes() const override { return range(9); }
  std::vector<int> difficulties() const override { return {0, 2}; }
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x88, mode, 2); }
};

}  // namespace

std::unique_ptr<Game> tic_tac_toe_3d() { return std::make_unique<TicTacToe3d>(); }

}  // namespace env::games
