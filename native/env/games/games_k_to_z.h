// The groups of games keystone_kapers .. zaxxon, each defined in its own file beside this one.
#pragma once
#include "env/games/registry.h"

namespace env::games {

void registerGamesKtoL(Registry& r);
void registerGamesMtoP(Registry& r);
void registerGamesRtoS(Registry& r);
void registerGamesTtoU(Registry& r);
void registerGamesVtoZ(Registry& r);

}  // namespace env::games
