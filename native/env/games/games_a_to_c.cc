// Registration of one alphabetical group of games (definitions in the files beside this one).
#include "env/games/games_a_to_k.h"

namespace env::games {

void registerGamesAtoC(Registry& r) {
  registerAdventureToBasicMath(r);
  registerBlackjackToCasino(r);
  registerCentipedeToCrossbow(r);
}

}  // namespace env::games
