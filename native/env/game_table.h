// The table of games: one row per game ALE 0.12.1 knows, with the ROMs it accepts, its controller
// and its minimal action set. Everything that asks which games exist reads it: the environment and
// the vector env (by ROM md5), `npm run games`, and the ROM lookup and import of src/env/roms.ts.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "env/game.h"

namespace env {

enum Controller { kJoystick, kPaddles };  // paddles: the left jack's pair, the agent plays the first

struct GameEntry {
  const char* id;                        // the ROM's file stem and the name of its file in games/
  std::vector<const char*> md5s;         // the ROM dumps (lowercase hex md5) played as this game
  std::unique_ptr<Game> (*make)();       // nullptr: ALE lists the ROM but has no game for it
  Controller controller;
  std::vector<int> minimalActions;       // in ALE's order

  bool playable() const { return make != nullptr; }
};

// Every row, sorted by id (a range over a static array, built once).
struct GameRows {
  const GameEntry* first;
  size_t count;
  const GameEntry* begin() const { return first; }
  const GameEntry* end() const { return first + count; }
};
GameRows gameTable();
// The row that lists this ROM md5 (lowercase hex), or nullptr.
const GameEntry* findGame(const std::string& md5);
// A new game of a playable row, ready for its first episode.
std::unique_ptr<Game> createGame(const GameEntry& entry);

}  // namespace env
