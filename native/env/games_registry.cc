#include "env/games/registry.h"

namespace env {

namespace {
const games::Registry& registry() {
  static const games::Registry r = [] {
    games::Registry reg;
    games::registerPaddleGames(reg);
    games::registerBenchmarkGames(reg);
    games::registerGamesAtoK(reg);
    games::registerGamesKtoZ(reg);
    return reg;
  }();
  return r;
}
}  // namespace

std::unique_ptr<Game> createGame(const std::string& md5) {
  for (const auto& e : registry().entries)
    if (md5 == e.md5) return e.make();
  return nullptr;
}

const std::vector<GameInfo>& supportedGames() {
  static const std::vector<GameInfo> list = [] {
    std::vector<GameInfo> v;
    for (const auto& e : registry().entries) v.push_back({e.id, e.md5});
    return v;
  }();
  return list;
}

}  // namespace env
