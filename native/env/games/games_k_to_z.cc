// Registration of ALE's games keystone_kapers .. zaxxon (the definitions live in the files beside this one).
#include "env/games/registry.h"

namespace env::games {

void registerGamesKtoZ(Registry& r) { (void)r; }

}  // namespace env::games
