// Console settings that particular ROMs need (by md5): controllers, display window, and the
// few quirks the reference applies per cartridge. Everything else uses the defaults.
#pragma once
#include <string>

#include "emu/console.h"

namespace env {

// Defaults adjusted for the ROM with this md5 (lowercase hex).
emu::ConsoleConfig consoleConfigFor(const std::string& md5);

}  // namespace env
