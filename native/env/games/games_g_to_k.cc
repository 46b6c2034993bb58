// Registration of ALE's games galaxian .. kangaroo (the definitions live in the files beside this one).
#include "env/games/games_a_to_k.h"
#include "env/games/games_g_to_k.h"

namespace env::games {

void registerGamesGtoK(Registry& r) {
  registerGalaxianToHero(r);
  registerHumanCannonballToKangaroo(r);
}

}  // namespace env::games
