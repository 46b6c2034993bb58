// Console settings that particular ROMs need (by md5): the game's controller, the right jack,
// display window, and the few quirks the reference applies per cartridge. Everything else uses
// the defaults.
#pragma once
#include <string>

#include "emu/console.h"
#include "env/game_table.h"

namespace env {

// Defaults adjusted for `game` (its controller in the left jack) and its ROM with this md5.
emu::ConsoleConfig consoleConfigFor(const GameEntry& game, const std::string& md5);

}  // namespace env
