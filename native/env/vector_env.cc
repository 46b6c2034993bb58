#include "env/vector_env.h"

#include <cstring>
#include <stdexcept>

namespace env {

VectorEnv::VectorEnv(const std::vector<uint8_t>& rom, const std::string& md5, const PipelineConfig& cfg, int numEnvs,
                     int numThreads, const VectorBuffers& out)
    : out_(out), actions_(numEnvs, 0), seeded_(numEnvs, 0), seeds_(numEnvs, 0) {
  if (numEnvs < 1) throw std::invalid_argument("numEnvs must be >= 1");
  if (numThreads < 1 || numThreads > numEnvs) throw std::invalid_argument("numThreads must be within 1..numEnvs");
  envs_.reserve(numEnvs);
  for (int i = 0; i < numEnvs; ++i) envs_.push_back(std::make_unique<DeepMindPipeline>(rom, md5, cfg));
  // Contiguous slices as even as possible: the first numEnvs % numThreads get one env more.
  for (int t = 0, begin = 0; t < numThreads; ++t) {
    const int n = numEnvs / numThreads + (t < numEnvs % numThreads ? 1 : 0);
    slices_.emplace_back(begin, begin + n);
    begin += n;
  }
  for (int t = 1; t < numThreads; ++t) threads_.emplace_back(&VectorEnv::worker, this, t);
}

VectorEnv::~VectorEnv() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
}

void VectorEnv::worker(int slice) {
  uint64_t seen = 0;
  for (;;) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
      if (stop_) return;
      seen = generation_;
      job = job_;
    }
    run(job, slice);
    std::lock_guard<std::mutex> lock(mutex_);
    if (--remaining_ == 0) done_.notify_all();
  }
}

void VectorEnv::run(Job job, int slice) {
  for (int i = slices_[slice].first; i < slices_[slice].second; ++i) {
    try {
      if (job == Job::kStep) stepOne(i);
      else resetOne(i);
    } catch (const std::exception& e) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (error_.empty()) error_ = "env " + std::to_string(i) + ": " + e.what();
    }
  }
}

std::string VectorEnv::runAll(Job job) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    job_ = job;
    error_.clear();
    remaining_ = numThreads() - 1;
    ++generation_;
  }
  wake_.notify_all();
  run(job, 0);
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [&] { return remaining_ == 0; });
  return error_;
}

std::string VectorEnv::reset(const uint8_t* seeded, const uint32_t* seeds) {
  std::memcpy(seeded_.data(), seeded, seeded_.size());
  std::memcpy(seeds_.data(), seeds, seeds_.size() * sizeof(uint32_t));
  return runAll(Job::kReset);
}

std::string VectorEnv::step(const int32_t* actions) {
  std::memcpy(actions_.data(), actions, actions_.size() * sizeof(int32_t));
  return runAll(Job::kStep);
}

void VectorEnv::resetOne(int i) {
  DeepMindPipeline& e = *envs_[i];
  out_.lives[i] = e.reset(seeded_[i] != 0, seeds_[i]);
  e.writeStack(out_.observations + i * e.stackBytes());
  out_.hasFinalObservation[i] = 0;
  out_.rewards[i] = out_.rawRewards[i] = 0;
  out_.terminated[i] = out_.truncated[i] = 0;
  out_.episodeEnded[i] = 0;
  out_.episodeReturns[i] = 0;
  out_.episodeLengths[i] = 0;
}

void VectorEnv::stepOne(int i) {
  if (i == failNext_) {
    failNext_ = -1;
    throw std::runtime_error("the emulator failed (injected by failNextStep)");
  }
  DeepMindPipeline& e = *envs_[i];
  const PipelineStep r = e.step(actions_[i]);
  out_.rewards[i] = static_cast<float>(r.reward);
  out_.rawRewards[i] = static_cast<float>(r.rawReward);
  out_.terminated[i] = r.terminated;
  out_.truncated[i] = r.truncated;
  out_.lives[i] = r.lives;
  out_.episodeEnded[i] = r.episodeEnded;
  out_.episodeReturns[i] = r.episodeEnded ? r.episodeReturn : 0;
  out_.episodeLengths[i] = r.episodeEnded ? r.episodeLength : 0;
  const bool done = r.terminated || r.truncated;
  out_.hasFinalObservation[i] = done;
  if (done) {
    e.writeStack(out_.finalObservations + i * e.stackBytes());
    e.reset(false, 0);
  }
  e.writeStack(out_.observations + i * e.stackBytes());
}

}  // namespace env
