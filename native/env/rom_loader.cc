#include "env/rom_loader.h"

#include <stdexcept>

#include "env/rom_props.h"

namespace env {

std::string gameIdForMd5(const std::string& md5) {
  for (const GameInfo& g : supportedGames())
    if (md5 == g.md5) return g.id;
  return "";
}

std::unique_ptr<AleEnv> createEnv(const std::vector<uint8_t>& rom, const std::string& md5, const EnvConfig& cfg) {
  std::unique_ptr<Game> game = createGame(md5);
  if (!game)
    throw std::invalid_argument("ROM with md5 " + md5 + " is not a supported game; supported ROMs are listed by md5 in roms/md5.json");
  return std::make_unique<AleEnv>(rom, std::move(game), consoleConfigFor(md5), cfg);
}

}  // namespace env
