// The groups of games adventure .. kangaroo, each registered from the files beside this one.
#pragma once
#include "env/games/registry.h"

namespace env::games {

void registerGamesAtoC(Registry& r);  // adventure .. crossbow
void registerGamesDtoK(Registry& r);  // darkchambers .. kangaroo
void registerGamesGtoK(Registry& r);  // galaxian .. kangaroo
void registerAirRaid(Registry& r);
void registerAlienToAsterix(Registry& r);
void registerAtlantisToBerzerk(Registry& r);
void registerAdventureToBasicMath(Registry& r);  // adventure, atlantis2, backgammon, basic_math
void registerBlackjackToCasino(Registry& r);
void registerCentipedeToCrossbow(Registry& r);

}  // namespace env::games
