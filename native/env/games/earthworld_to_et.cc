// Games earthworld .. et: how each reads score, lives and game over out of RAM.
// RAM offsets are RIOT RAM offsets (0x80..0xFF is the address itself).
#include <stdexcept>

#include "env/games/games_d_to_f.h"
#include "env/games/score.h"

namespace env::games {

namespace {

const std::vector<int> kAllActions = range(18);

// No score on screen: each clue found is a point, and the tenth clue ends the game.
class Earthworld final : public ScoredGame {
 public:
  Earthworld() { reset(); }
  const char* id() const override { return "earthworld"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; }
  void step(GameMemory& m) override {
    setScore(bcd(m, 0xA7));
    terminal_ = score_ == 10;
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
};

class ElevatorAction final : public LivesGame {
 public:
  ElevatorAction() { reset(); }
  const char* id() const override { return "elevator_action"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 4; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0x89, 0x88, 0x87));
    lives_ = m.ram(0x83);
    // The title screen (0x81 == 0) shows no lives either: that is not a game over.
    terminal_ = lives_ == 0 && m.ram(0x81) != 0x00;
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
  std::vector<int> startingActions() const override { return repeatAction(FIRE, 16); }
};

// The score is a plain binary byte; lives() is 0 or 1 even though the game keeps a count.
class Entombed final : public ScoredGame {
 public:
  Entombed() { reset(); }
  const char* id() const override { return "entombed"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; }
  void step(GameMemory& m) override {
    setScore(m.ram(0xE3));
    terminal_ = (m.ram(0xC7) & 0x03) == 0;  // lives in the low two bits
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
  // The left switch sets how many make-breaks a flashing block gives.
  std::vector<int> difficulties() const override { return {0, 2}; }
  // FIRE (not RESET) starts the game, which then takes a few frames to set up.
  std::vector<int> startingActions() const override {
    std::vector<int> a{FIRE};
    for (int n : repeatAction(NOOP, 5)) a.push_back(n);
    return a;
  }
};

// Points are only added on the interstitial screen (ET in his ship, or out of lives).
class Et final : public LivesGame {
 public:
  Et() { reset(); }
  const char* id() const override { return "et"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 0; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0xE1, 0xE0, 0xDF));
    // 0xE5 is the revivals left, 0xFF once none are; the count is kept as a signed byte.
    lives_ = static_cast<int8_t>(m.ram(0xE5) + 1);
    terminal_ = lives_ == 0 && m.ram(0x80) == 8;  // 0x80 == 8: back on the title screen
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
  // Game 1: every human; game 2: Elliott and the FBI agent; game 3: Elliott only.
  std::vector<int> modes() const override { return range(3); }
  // Left: how ET's ship may land; right: how fast the humans are.
  std::vector<int> difficulties() const override { return range(4); }
  void setMode(int mode, GameConsole& c) override {
    // 0xEA is the game number (1..3); the switch needs a long press to register.
    auto shown = [&] { return static_cast<uint8_t>(c.ram(0xEA) - 1); };
    for (int tries = 0; shown() != mode && tries < 100; ++tries) c.pressSelect(25);
    if (shown() != mode) throw std::runtime_error("et: the game did not reach the requested mode");
    c.softReset();
  }
};

}  // namespace

void registerEarthworldToEt(Registry& r) {
  r.add("earthworld", "5aea9974b975a6a844e6df10d2b861c4", make<Earthworld>());
  r.add("elevator_action", "71f8bacfbdca019113f3f0801849057e", make<ElevatorAction>());
  r.add("entombed", "6b683be69f92958abe0e2a9945157ad5", make<Entombed>());
  r.add("et", "615a3bf251a38eb6638cdc7ffbde5480", make<Et>());
}

}  // namespace env::games
