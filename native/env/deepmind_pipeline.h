// One Atari env with the DeepMind wrappers of src/wrappers/atari_wrappers.ts, in C++ and in the
// same order as wrapDeepMind on an observation-free env: AtariEnv (+ TimeLimit) ->
// RecordEpisodeStatistics -> NoopReset -> SkipMaxWarp -> EpisodicLife -> FireReset -> ClipReward
// -> FrameStack. Each layer below mirrors its TypeScript twin call for call (same emulator calls,
// same generator draws, same screen reads), so a seeded run gives the same bytes as the wrappers.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "env/ale_env.h"
#include "env/rng.h"
#include "ops/warp.h"

namespace env {

struct PipelineConfig {
  // AtariEnv
  std::vector<int> actions;          // agent action index -> ALE action id
  int frameskipMin = 1;              // frames per AtariEnv step: fixed when frameskipMax == 0,
  int frameskipMax = 0;              // else drawn in [frameskipMin, frameskipMax) per step
  int maxEpisodeSteps = 0;           // TimeLimit on AtariEnv steps; 0 = none
  EnvConfig ale;                     // frameSkip 1; sticky actions, frame limit, mode, difficulty
  // DeepMind wrappers
  int noopMax = 30;
  int skip = 4;
  bool episodicLife = true;
  bool fireReset = true;             // already resolved: the game has FIRE as action 1 and >= 3 actions
  bool clipRewards = true;
  int stack = 4;
  int size = 84;
};

struct PipelineStep {
  double reward = 0;                 // after clipping (if on)
  double rawReward = 0;
  bool terminated = false, truncated = false;
  int lives = 0;
  bool episodeEnded = false;         // a real episode ended: RecordEpisodeStatistics' info.episode
  double episodeReturn = 0;
  int episodeLength = 0;
};

class DeepMindPipeline {
 public:
  DeepMindPipeline(const std::vector<uint8_t>& rom, const std::string& md5, const PipelineConfig& cfg);

  // FrameStack.reset(): returns info.lives. `seeded` = reset({ seed }), else reset().
  int reset(bool seeded, uint32_t seed);
  PipelineStep step(int action);
  // The current stack, oldest frame first: stack * size * size bytes.
  void writeStack(uint8_t* out) const;
  int numActions() const { return static_cast<int>(cfg_.actions.size()); }
  size_t stackBytes() const { return static_cast<size_t>(cfg_.stack) * frameBytes_; }

 private:
  struct Inner {  // a lower layer's step or reset result (observations stay in screens_)
    double reward = 0;
    bool terminated = false, truncated = false;
    int lives = 0;
    bool episode = false;
    double episodeReturn = 0;
    int episodeLength = 0;
    bool done() const { return terminated || truncated; }
  };

  Inner atariReset(bool seeded, uint32_t seed);
  Inner atariStep(int action);
  Inner statsReset(bool seeded, uint32_t seed);
  Inner statsStep(int action);
  Inner noopReset(bool seeded, uint32_t seed);
  Inner warpReset(bool seeded, uint32_t seed);
  Inner warpStep(int action);
  Inner lifeReset(bool seeded, uint32_t seed);
  Inner lifeStep(int action);
  Inner fireReset(bool seeded, uint32_t seed);
  Inner topStep(int action) { return lifeStep(action); }  // FireReset.step passes through
  Inner topReset(bool seeded, uint32_t seed) { return cfg_.fireReset ? fireReset(seeded, seed) : lifeReset(seeded, seed); }
  // The observation the last SkipMaxWarp call returned.
  void warpLatest(uint8_t* out);

  std::vector<uint8_t> rom_;
  std::string md5_;
  PipelineConfig cfg_;
  std::unique_ptr<AleEnv> ale_;
  int screenPixels_ = 0;
  size_t frameBytes_ = 0;

  Rng atariRng_{0};        // AtariEnv's (random frame skips)
  int elapsed_ = 0;        // TimeLimit
  double statsReturn_ = 0; // RecordEpisodeStatistics
  int statsLength_ = 0;
  Rng noopRng_{0};         // NoopReset's
  std::vector<uint8_t> screens_[2];  // SkipMaxWarp's raw screens: [0] second-to-last repeat, [1] last
  bool latestSingle_ = true;         // the last SkipMaxWarp result warps screens_[1] alone
  int lifeLives_ = 0;      // EpisodicLife
  bool realDone_ = true;

  ops::ScreenWarper warper_;
  std::vector<uint8_t> frames_;  // FrameStack ring: stack frames of frameBytes_
  int newest_ = 0;               // ring slot of the newest frame
};

}  // namespace env
