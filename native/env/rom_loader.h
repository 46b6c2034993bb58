// From ROM bytes to a ready environment: the game is identified by the md5 of the file (the
// caller computes it), and the console gets the settings that game needs.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "env/ale_env.h"

namespace env {

// The game id for a ROM md5 (lowercase hex), or "" when it is not a playable game of the table.
std::string gameIdForMd5(const std::string& md5);

// Throws std::invalid_argument with a message that says what is wrong and how to get a supported ROM.
std::unique_ptr<AleEnv> createEnv(const std::vector<uint8_t>& rom, const std::string& md5, const EnvConfig& cfg);

}  // namespace env
