// The table of supported games: each group file registers its games with their ROM md5.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "env/game.h"

namespace env::games {

class Registry {
 public:
  using Factory = std::function<std::unique_ptr<Game>()>;
  void add(const char* id, const char* md5, Factory f) { entries.push_back({id, md5, std::move(f)}); }
  struct Entry { const char* id; const char* md5; Factory make; };
  std::vector<Entry> entries;
};

// The factory of a game class with a default constructor.
template <class G>
Registry::Factory make() {
  return [] { return std::make_unique<G>(); };
}

void registerPaddleGames(Registry& r);
void registerBenchmarkGames(Registry& r);
// The rest of ALE's games, alphabetically, in two halves (each half spread over small files).
void registerGamesAtoK(Registry& r);
void registerGamesKtoZ(Registry& r);

}  // namespace env::games
