// The Arcade Learning Environment's semantics on top of the emulator: the reset procedure,
// frame skip, sticky actions, the paddle model, rewards, lives, terminal and truncation.
// Every rule here reproduces what ALE 0.12.1 does, so that traces recorded from it replay
// identically (see docs/ale-semantics in the shared data for the list).
#pragma once
#include <cstdint>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "emu/console.h"
#include "env/game.h"
#include "env/game_table.h"

namespace env {

struct EnvConfig {
  uint32_t seed = 0;                        // the environment generator (sticky actions)
  int frameSkip = 1;
  double repeatActionProbability = 0.25;    // ALE's default
  int maxFramesPerEpisode = 0;              // 0 = no limit
  bool truncateOnLossOfLife = false;
  int mode = -1;                            // -1 = the game's default
  int difficulty = 0;
  int rewardMin = std::numeric_limits<int>::min();
  int rewardMax = std::numeric_limits<int>::max();
  // Draw a frame only when its screen is read (re-emulating it from a snapshot if needed) instead
  // of drawing every frame. The screens read are the same either way.
  bool lazyScreens = true;
};

class AleEnv final : public GameConsole {
 public:
  // `game` is the table row of the ROM (a playable one), `console` the settings for its md5.
  AleEnv(const std::vector<uint8_t>& rom, const GameEntry& game, const emu::ConsoleConfig& console,
         const EnvConfig& cfg);

  void reset();
  // One agent step: frameSkip frames of `action` (ids 0..17), sticky actions applied per frame.
  int act(int action, float paddleStrength = 1.0f);

  bool gameOver(bool withTruncation = true) const { return withTruncation ? terminal() : game_->terminal(); }
  bool truncated() const;
  int lives() const { return game_->lives(); }
  int episodeFrameNumber() const { return episodeFrame_; }
  int frameNumber() const { return totalFrames_; }

  // Mode and difficulty apply from the next reset(), as in ALE. They throw if unsupported.
  void setMode(int mode);
  void setDifficulty(int difficulty);
  int mode() const { return mode_; }
  int difficulty() const { return difficulty_; }

  const Game& game() const { return *game_; }
  const GameEntry& gameEntry() const { return entry_; }
  emu::Console& console() { return console_; }
  // The screen after the last frame (drawn now if it was skipped).
  const uint8_t* screen();
  int screenHeight() const { return console_.screenHeight(); }
  void readRam(uint8_t out[128]);
  bool usesPaddles() const { return paddles_; }

  std::vector<uint8_t> cloneState(bool includeRng);
  void restoreState(const uint8_t* data, size_t size);

  // GameConsole (used by game definitions while selecting modes).
  uint8_t ram(uint16_t offset) override { return console_.system().peek(0x80 + (offset & 0x7F)); }
  uint8_t peek(uint16_t addr) override { return console_.system().peek(addr); }
  void pressSelect(int times) override;
  void softReset() override;
  void act(int playerA, int playerB) override { actPlayers(playerA, playerB, 1.0f, 1.0f); }
  uint32_t environmentRandom() override { return rng_(); }

 private:
  enum : int { kReset = -1 };  // pseudo-action: hold the console RESET switch

  bool terminal() const { return game_->terminal() || truncated(); }
  int actPlayers(int a, int b, float strengthA, float strengthB);
  int oneFrame(int a, int b, float strengthA, float strengthB);
  void emulate(int a, int b, float strengthA, float strengthB, int frames);
  void releaseKeys();
  void applyJoysticks(int a, int b);
  void applyPaddles(int a, int b, float strengthA, float strengthB);
  void setPaddles(int left, int right);
  void runFrame();
  double uniform() { return rng_() / 4294967296.0; }

  emu::Console console_;
  const GameEntry& entry_;
  std::unique_ptr<Game> game_;
  EnvConfig cfg_;
  std::mt19937 rng_;
  bool paddles_ = false;
  int paddleMin_ = 27450, paddleMax_ = 790196;
  int paddle_[2] = {0, 0};
  int mode_ = 0, difficulty_ = 0;
  int maxLives_ = 0;
  int episodeFrame_ = 0, totalFrames_ = 0;
  int lastA_ = NOOP, lastB_ = NOOP;
  float lastStrengthA_ = 0.0f, lastStrengthB_ = 0.0f;

  // Lazy screens. A skipped frame keeps a snapshot taken before it for as long as its pixels could
  // still show: until a later frame drawing into the same buffer reaches at least as many rows.
  // Reading the screen re-runs those frames, oldest first, with drawing on.
  struct FrameSnapshot {
    emu::StateWriter state;
    emu::Inputs inputs;
    uint64_t frame = 0;
    int rows = 0;
  };
  std::vector<FrameSnapshot> pending_[2];  // per frame buffer, oldest first
  std::vector<FrameSnapshot> spare_;       // recycled snapshots (keeps their allocations)
  uint64_t consoleFrames_ = 0;
  bool screenWanted_ = true;               // the last screen was read: draw the next frame directly
  void replayPending();
  void dropCovered(int buffer, int rows);
};

}  // namespace env
