// Games keystone_kapers .. lost_luggage: how each reads score, lives and game over out of RAM.
// RAM offsets are RIOT RAM offsets (0x80..0xFF is the address itself).
#include "env/games/games_k_to_z.h"
#include "env/games/score.h"

namespace env::games {

namespace {

const std::vector<int> kAllActions = range(18);

class KeystoneKapers final : public LivesGame {
 public:
  KeystoneKapers() { reset(); }
  const char* id() const override { return "keystone_kapers"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 3; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0x9C, 0x9B));
    lives_ = m.ram(0x96);
    terminal_ = lives_ == 0 && m.ram(0x88) == 0x00;
  }
  std::vector<int> minimalActions() const override { return range(14); }  // NOOP .. DOWNFIRE
  std::vector<int> startingActions() const override { return {kConsoleReset}; }
};

class KingKong final : public LivesGame {
 public:
  KingKong() { reset(); }
  const char* id() const override { return "king_kong"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 3; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0x83, 0x82));
    lives_ = m.ram(0xEE);
    terminal_ = lives_ == 0;
  }
  std::vector<int> minimalActions() const override { return {NOOP, FIRE, UP, RIGHT, LEFT, DOWN}; }
  std::vector<int> modes() const override { return range(4); }
  // The mode byte counts in steps of two.
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0xEC, 2 * mode, 2); }
};

class Klax final : public ScoredGame {
 public:
  Klax() { reset(); }
  const char* id() const override { return "klax"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; }
  void step(GameMemory& m) override {
    // Score, misses and level live in cartridge RAM (read through its read port).
    setScore(peekBcd(m, 0xF0B4) + 100 * peekBcd(m, 0xF0B5) + 10000 * peekBcd(m, 0xF0B6));
    int misses = m.peek(0xF0EE);
    int maxMisses = m.peek(0xF0E9);
    bool playing = m.ram(0xA8) == 4;
    int filled = 0;  // bin cells holding a tile (the other codes are empty cells)
    for (int i = 0; i < 25; ++i) {
      int cell = m.ram(static_cast<uint16_t>(0xB3 + i));
      if (cell != 0 && cell != 2 && cell != 6 && cell != 10 && cell != 14) ++filled;
    }
    int level = m.peek(0xF09D);
    terminal_ = (maxMisses > 0 && misses == maxMisses) || (playing && filled == 25) || level == 0x99;
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
  std::vector<int> startingActions() const override { return {FIRE, NOOP}; }
  std::vector<int> modes() const override { return range(3); }
  void setMode(int mode, GameConsole& c) override { selectModeByPeek(c, 0xF0EA, mode, 2); }

 private:
  static int peekBcd(GameMemory& m, uint16_t addr) {
    int v = m.peek(addr);
    return 10 * (v >> 4) + (v & 0x0F);
  }
};

class Koolaid final : public ScoredGame {
 public:
  Koolaid() { reset(); }
  const char* id() const override { return "koolaid"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; }
  void step(GameMemory& m) override {
    setScore(100 * bcdScore(m, 0x81, 0x80));
    terminal_ = m.ram(0xD1) == 0x80;
  }
  int lives() const override { return 0; }
  std::vector<int> minimalActions() const override {
    return {NOOP, UP, RIGHT, LEFT, DOWN, UPRIGHT, UPLEFT, DOWNRIGHT, DOWNLEFT};
  }
};

class Krull final : public LivesGame {
 public:
  Krull() { reset(); }
  const char* id() const override { return "krull"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 3; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0x9E, 0x9D, 0x9C));
    int livesByte = m.ram(0x9F);
    int phase = m.ram(0xA2), flags = m.ram(0x80);
    terminal_ = livesByte == 0 && phase == 0x03 && flags == 0x80;
    lives_ = (livesByte & 0x7) + 1;
  }
  std::vector<int> minimalActions() const override { return kAllActions; }
};

class KungFuMaster final : public LivesGame {
 public:
  KungFuMaster() { reset(); }
  const char* id() const override { return "kung_fu_master"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 4; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0x9A, 0x99, 0x98));
    int livesByte = m.ram(0x9D);
    terminal_ = livesByte == 0xFF;
    lives_ = (livesByte & 0x7) + 1;
  }
  std::vector<int> minimalActions() const override {
    return {NOOP, UP, RIGHT, LEFT, DOWN, DOWNRIGHT, DOWNLEFT, RIGHTFIRE, LEFTFIRE, DOWNFIRE,
            UPRIGHTFIRE, UPLEFTFIRE, DOWNRIGHTFIRE, DOWNLEFTFIRE};
  }
};

class LaserGates final : public ScoredGame {
 public:
  LaserGates() { reset(); }
  const char* id() const override { return "laser_gates"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0x82, 0x81, 0x80));
    terminal_ = m.ram(0x83) == 0x00;
  }
  int lives() const override { return 0; }
  std::vector<int> minimalActions() const override { return kAllActions; }
  std::vector<int> startingActions() const override { return {kConsoleReset}; }
};

class LostLuggage final : public LivesGame {
 public:
  LostLuggage() { reset(); }
  const char* id() const override { return "lost_luggage"; }
  void reset() override { reward_ = score_ = 0; terminal_ = false; lives_ = 3; }
  void step(GameMemory& m) override {
    setScore(bcdScore(m, 0x96, 0x95, 0x94));
    lives_ = m.ram(0xCA);
    terminal_ = lives_ == 0 && m.ram(0xC8) == 0x0A && m.ram(0xA5) == 0x00 && m.ram(0xA9) == 0x00;
  }
  std::vector<int> minimalActions() const override {
    return {NOOP, UP, RIGHT, LEFT, DOWN, UPRIGHT, UPLEFT, DOWNRIGHT, DOWNLEFT};
  }
  std::vector<int> startingActions() const override { return {FIRE}; }
  std::vector<int> modes() const override { return {0, 1}; }
  std::vector<int> difficulties() const override { return {0, 1}; }
  // The game numbers shown are 1 and 4.
  void setMode(int mode, GameConsole& c) override { selectModeByRam(c, 0x94, 1 + 3 * mode, 2); }
};

}  // namespace

void registerGamesKtoL(Registry& r) {
  r.add("keystone_kapers", "6c1f3f2e359dbf55df462ccbcdd2f6bf", make<KeystoneKapers>());
  r.add("king_kong", "0dd4c69b5f9a7ae96a7a08329496779a", make<KingKong>());
  r.add("klax", "eed9eaf1a0b6a2b9bc4c8032cb43e3fb", make<Klax>());
  r.add("koolaid", "534e23210dd1993c828d944c6ac4d9fb", make<Koolaid>());
  r.add("krull", "4baada22435320d185c95b7dd2bcdb24", make<Krull>());
  r.add("kung_fu_master", "5b92a93b23523ff16e2789b820e2a4c5", make<KungFuMaster>());
  r.add("laser_gates", "8e4cd60d93fcde8065c1a2b972a26377", make<LaserGates>());
  r.add("lost_luggage", "2d76c5d1aad506442b9e9fb67765e051", make<LostLuggage>());
}

}  // namespace env::games
