// Registration of ALE's games adventure .. kangaroo (the definitions live in the files beside this one).
#include "env/games/registry.h"

namespace env::games {

void registerGamesAtoK(Registry& r) { (void)r; }

}  // namespace env::games
