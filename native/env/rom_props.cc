#include "env/rom_props.h"

#include <cstring>

namespace env {

namespace {

enum : unsigned {
  kRightPaddles = 1u << 0,
  kSwapPaddles = 1u << 1,
  kSwapPorts = 1u << 2,
  kNoHmoveBlanks = 1u << 3,
  kPal = 1u << 4,
  kDifficultiesA = 1u << 5,
};

struct RomQuirks {
  const char* md5;
  const char* game;  // for the reader only
  unsigned flags;
  int yStart;        // 0 = default
  int height;        // 0 = default
};

// Only ROMs that differ from the defaults (nothing in the right jack, lines 34..243 shown, HMOVE
// blanks on, NTSC detected from the frame length) are listed. What the left jack holds is the game
// table's controller column.
const RomQuirks kQuirks[] = {
    {"acb7750b4d0c4bd34969802a7deb2990", "amidar", kDifficultiesA, 0, 0},
    {"ccbd36746ed4525821a8083b0d6d2c2c", "asteroids", kNoHmoveBlanks, 0, 0},
    {"41f252a66c6301f1e8ab3612c19bc5d4", "battle_zone", kNoHmoveBlanks, 0, 0},
    {"028024fb8e5e5f18ea586652f9799c96", "carnival", 0, 26, 214},
    {"0ef64cdbecccb7049752a3de0b7ade14", "combat", 0, 39, 256},
    {"106855474c69d08c8ffa308d47337269", "darkchambers", kNoHmoveBlanks, 0, 0},
    {"718ae62c70af4e5fd8e932fee216948a", "journey_escape", 0, 0, 230},
    {"ed2218b3075d15eaa34e3356025ccca3", "maze_craze", kPal, 0, 0},
    {"87e79cd41ce136fd4f72cc6e2c161bee", "ms_pacman", kNoHmoveBlanks, 0, 0},
    {"60e0ea3cbe0913d39803477945e9e5ec", "pong", kRightPaddles | kSwapPaddles, 0, 0},
    {"4799a40b6e889370b7ee55c17ba65141", "pooyan", 0, 26, 220},
    {"484b0076816a104875e00467d431c2d2", "qbert", 0, 40, 0},
    {"4d7517ae69f95cfbc053be01312b7dba", "surround", kSwapPorts, 0, 0},
    {"a499d720e7ee35c62424de882a3351b6", "up_n_down", 0, 30, 0},
    {"cbe5a166550a8129a5e6d374901dffad", "warlords", kRightPaddles, 0, 0},
    {"7e8aa18bc9502eb57daaf5e7c1e94da7", "wizard_of_wor", kSwapPorts, 0, 0},
};

}  // namespace

emu::ConsoleConfig consoleConfigFor(const GameEntry& game, const std::string& md5) {
  emu::ConsoleConfig c;
  if (game.controller == kPaddles) c.ports.jack[0] = emu::ControllerType::Paddles;
  for (const RomQuirks& q : kQuirks) {
    if (md5 != q.md5) continue;
    if (q.flags & kRightPaddles) c.ports.jack[1] = emu::ControllerType::Paddles;
    c.ports.swapPaddles = q.flags & kSwapPaddles;
    c.ports.swapPorts = q.flags & kSwapPorts;
    c.hmoveBlanks = !(q.flags & kNoHmoveBlanks);
    if (q.flags & kPal) c.displayFormat = "PAL";
    c.leftDifficultyA = c.rightDifficultyA = q.flags & kDifficultiesA;
    if (q.yStart) c.yStart = q.yStart;
    if (q.height) c.height = q.height;
  }
  return c;
}

}  // namespace env
