// The games galaxian .. kangaroo, in two files (registered together by registerGamesGtoK).
#pragma once
#include "env/games/registry.h"

namespace env::games {

void registerGalaxianToHero(Registry& r);
void registerHumanCannonballToKangaroo(Registry& r);

}  // namespace env::games
