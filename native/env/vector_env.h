// N DeepMind pipelines stepped together by a fixed pool of threads. Each thread owns a fixed,
// contiguous slice of the envs; the thread that calls step() or reset() runs slice 0 itself and
// the pool threads (numThreads - 1 of them, created once) run the others, woken per batch.
// Results are written in place into caller-owned arrays (VectorBuffers); nothing is allocated per
// step here. An env whose episode ends is reset at once (see step()).
#pragma once
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "env/deepmind_pipeline.h"

namespace env {

// Per-env outputs; arrays of numEnvs entries unless noted.
struct VectorBuffers {
  uint8_t* observations = nullptr;       // [numEnvs, stack, size, size], oldest frame first
  uint8_t* finalObservations = nullptr;  // same shape: the last stack of an episode that just ended
  uint8_t* hasFinalObservation = nullptr;
  float* rewards = nullptr;              // clipped to their sign when clipRewards is on
  float* rawRewards = nullptr;
  uint8_t* terminated = nullptr;
  uint8_t* truncated = nullptr;
  int32_t* lives = nullptr;
  uint8_t* episodeEnded = nullptr;       // a real game ended: episodeReturns / episodeLengths hold it
  double* episodeReturns = nullptr;      // raw (unclipped) return
  int32_t* episodeLengths = nullptr;     // in AtariEnv steps (frames for NoFrameskip ids)
};

class VectorEnv {
 public:
  VectorEnv(const std::vector<uint8_t>& rom, const std::string& md5, const PipelineConfig& cfg, int numEnvs,
            int numThreads, const VectorBuffers& out);
  ~VectorEnv();
  VectorEnv(const VectorEnv&) = delete;
  VectorEnv& operator=(const VectorEnv&) = delete;

  int numEnvs() const { return static_cast<int>(envs_.size()); }
  int numThreads() const { return static_cast<int>(slices_.size()); }
  int numActions() const { return envs_.front()->numActions(); }
  size_t stackBytes() const { return envs_.front()->stackBytes(); }

  // Resets every env (seeded[i]: with seeds[i], else without a seed) and writes the first stacks.
  // Returns "" or the first error ("env 3: ...").
  std::string reset(const uint8_t* seeded, const uint32_t* seeds);
  // One step of every env with actions (already checked to be in range). Where an episode ends
  // (terminated or truncated), its last stack goes to finalObservations (hasFinalObservation = 1)
  // and the env is reset without a seed: observations then hold the first stack of the next one.
  std::string step(const int32_t* actions);
  // For tests: env i's next step throws, as an emulator fault would, so that the error path of the
  // threads (one error, named by env, every other env still stepped) can be exercised for real.
  void failNextStep(int i) { failNext_ = i; }

 private:
  enum class Job { kReset, kStep };
  void run(Job job, int slice);
  std::string runAll(Job job);
  void worker(int slice);
  void resetOne(int i);
  void stepOne(int i);

  std::vector<std::unique_ptr<DeepMindPipeline>> envs_;
  std::vector<std::pair<int, int>> slices_;  // [begin, end) per thread
  VectorBuffers out_;
  std::vector<int32_t> actions_;
  std::vector<uint8_t> seeded_;
  std::vector<uint32_t> seeds_;

  std::mutex mutex_;
  std::condition_variable wake_, done_;
  uint64_t generation_ = 0;
  int remaining_ = 0;
  bool stop_ = false;
  Job job_ = Job::kStep;
  std::string error_;
  int failNext_ = -1;  // written before a step is started, read by the one thread that owns that env
  std::vector<std::thread> threads_;
};

}  // namespace env
