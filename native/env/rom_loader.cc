#include "env/rom_loader.h"

#include <stdexcept>

#include "env/rom_props.h"

namespace env {

std::string gameIdForMd5(const std::string& md5) {
  const GameEntry* game = findGame(md5);
  return game && game->playable() ? game->id : "";
}

std::unique_ptr<AleEnv> createEnv(const std::vector<uint8_t>& rom, const std::string& md5, const EnvConfig& cfg) {
  const GameEntry* game = findGame(md5);
  if (!game || !game->playable())
    throw std::invalid_argument("ROM with md5 " + md5 + " is not a supported game; supported ROMs are listed by md5 in roms/md5.json");
  return std::make_unique<AleEnv>(rom, *game, consoleConfigFor(*game, md5), cfg);
}

}  // namespace env
