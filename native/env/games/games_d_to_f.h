// The games darkchambers .. frostbite, in three small files beside this one.
#pragma once
#include "env/games/registry.h"

namespace env::games {

void registerDarkChambersToDoubleDunk(Registry& r);
void registerEarthworldToEt(Registry& r);
void registerFishingDerbyToFrostbite(Registry& r);

}  // namespace env::games
