// Per-game knowledge the environment needs: how to read reward, terminal state and lives
// out of RAM after every frame, how a game starts and how its modes are selected. One small class
// per game in native/env/games/<id>.cc; game_table.cc lists them with their ROMs and action sets.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "emu/state.h"

namespace env {

// Joystick action ids, as ALE numbers them (player B uses the same ids + 18).
enum Action : int {
  NOOP = 0, FIRE, UP, RIGHT, LEFT, DOWN, UPRIGHT, UPLEFT, DOWNRIGHT, DOWNLEFT,
  UPFIRE, RIGHTFIRE, LEFTFIRE, DOWNFIRE, UPRIGHTFIRE, UPLEFTFIRE, DOWNRIGHTFIRE, DOWNLEFTFIRE,
  kNumActions = 18,
};

// Memory as a game definition sees it after a frame. Reads go through the console bus,
// exactly as the reference reads them (a read updates the data bus, nothing else).
class GameMemory {
 public:
  virtual ~GameMemory() = default;
  // RIOT RAM: offset is taken modulo 128 (addresses 0x80..0xFF).
  virtual uint8_t ram(uint16_t offset) = 0;
  // Any address on the 13-bit bus (cartridge RAM, for the few games that keep state there).
  virtual uint8_t peek(uint16_t addr) = 0;
};

// What a game may do to the console while selecting a mode or starting.
class GameConsole : public GameMemory {
 public:
  // Hold the console SELECT switch for one frame, then release it for one frame, `times` times.
  virtual void pressSelect(int times = 1) = 0;
  // Hold the console RESET switch for 4 frames (plus the frames the reference spends around it).
  virtual void softReset() = 0;
  // One environment step with these player actions (ids 0..17 for each player), exactly as the
  // agent's act() takes it: frame skip and sticky actions apply, nothing happens once terminal.
  virtual void act(int playerA, int playerB) = 0;
  // Raw 32-bit draw from the environment's generator (the sticky-action one).
  virtual uint32_t environmentRandom() = 0;
};

// Settings a game overrides before the console starts (e.g. a wider paddle range).
struct GameSettings {
  int paddleMin = 27450;
  int paddleMax = 790196;
};

struct GameEntry;

class Game {
 public:
  virtual ~Game() = default;

  // The id of the game's table row (the ROM file stem, e.g. "breakout"): names the game in
  // messages and tags its saved state.
  const char* id() const { return id_; }
  virtual void modifySettings(GameSettings&) const {}

  // Clear the bookkeeping (score, terminal flag, lives) at the start of an episode.
  virtual void reset() = 0;
  // Called after every emulated frame: update reward, terminal and lives from memory.
  virtual void step(GameMemory& mem) = 0;

  virtual int reward() const = 0;       // reward earned by the last frame
  virtual bool terminal() const = 0;
  virtual int lives() const { return terminal() ? 0 : 1; }

  virtual std::vector<int> startingActions() const { return {}; }
  virtual std::vector<int> modes() const { return {0}; }
  virtual int defaultMode() const { return modes().front(); }
  virtual std::vector<int> difficulties() const { return {0}; }
  // Select `mode` (one of modes()); games with a single mode do nothing.
  virtual void setMode(int mode, GameConsole& console) { (void)mode; (void)console; }

  virtual void save(emu::StateWriter& out) const = 0;
  virtual void load(emu::StateReader& in) = 0;

 private:
  friend std::unique_ptr<Game> createGame(const GameEntry& entry);
  const char* id_ = "";
};

}  // namespace env
