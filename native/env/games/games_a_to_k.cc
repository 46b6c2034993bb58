// Registration of ALE's games adventure .. kangaroo (the definitions live in the files beside this one).
#include "env/games/games_a_to_k.h"

namespace env::games {

void registerGamesAtoK(Registry& r) {
  registerAirRaid(r);
  registerAlienToAsterix(r);
  registerAtlantisToBerzerk(r);
  registerGamesAtoC(r);
  registerGamesDtoK(r);
  registerGamesGtoK(r);
}

}  // namespace env::games
