// Registration of one alphabetical group of games (definitions in the files beside this one).
#include "env/games/games_a_to_k.h"
#include "env/games/games_d_to_f.h"

namespace env::games {

void registerGamesDtoK(Registry& r) {
  registerDarkChambersToDoubleDunk(r);
  registerEarthworldToEt(r);
  registerFishingDerbyToFrostbite(r);
}

}  // namespace env::games
