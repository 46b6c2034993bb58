// Registration of ALE's games keystone_kapers .. zaxxon (the definitions live in the files beside this one).
#include "env/games/games_k_to_z.h"

namespace env::games {

void registerGamesKtoZ(Registry& r) {
  registerGamesKtoL(r);
  registerGamesMtoP(r);
  registerGamesRtoS(r);
  registerGamesTtoU(r);
  registerGamesVtoZ(r);
}

}  // namespace env::games
