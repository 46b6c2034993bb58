#include "env/deepmind_pipeline.h"

#include <cstring>
#include <stdexcept>

#include "env/rom_loader.h"

namespace env {

namespace {
std::unique_ptr<AleEnv> makeAle(const std::vector<uint8_t>& rom, const std::string& md5, const EnvConfig& cfg) {
  EnvConfig c = cfg;
  c.frameSkip = 1;  // AtariEnv skips frames itself
  return createEnv(rom, md5, c);
}
}  // namespace

DeepMindPipeline::DeepMindPipeline(const std::vector<uint8_t>& rom, const std::string& md5, const PipelineConfig& cfg)
    : rom_(rom),
      md5_(md5),
      cfg_(cfg),
      ale_(makeAle(rom, md5, cfg.ale)),
      warper_(ale_->screenHeight(), cfg.size, ops::WarpConvention::kSb3, ale_->console().isPal()) {
  if (cfg_.actions.empty()) throw std::invalid_argument("the action set is empty");
  if (cfg_.noopMax < 1 || cfg_.skip < 1 || cfg_.stack < 1 || cfg_.size < 1)
    throw std::invalid_argument("noopMax, frameSkip, frameStack and size must be >= 1");
  screenPixels_ = 160 * ale_->screenHeight();
  frameBytes_ = static_cast<size_t>(cfg_.size) * cfg_.size;
  for (auto& s : screens_) s.assign(screenPixels_, 0);
  frames_.assign(frameBytes_ * cfg_.stack, 0);
}

// AtariEnv.reset under TimeLimit.reset. A seed re-creates the emulator, as ALE.reseed does.
DeepMindPipeline::Inner DeepMindPipeline::atariReset(bool seeded, uint32_t seed) {
  elapsed_ = 0;
  if (seeded) {
    atariRng_.reseed(seed);
    EnvConfig c = cfg_.ale;
    c.seed = seed;
    c.mode = ale_->mode();
    c.difficulty = ale_->difficulty();
    ale_.reset();
    ale_ = makeAle(rom_, md5_, c);
  }
  ale_->reset();
  Inner r;
  r.lives = ale_->lives();
  return r;
}

// AtariEnv.step under TimeLimit.step.
DeepMindPipeline::Inner DeepMindPipeline::atariStep(int action) {
  const int n = cfg_.frameskipMax > 0 ? atariRng_.integers(cfg_.frameskipMin, cfg_.frameskipMax) : cfg_.frameskipMin;
  const int ale = cfg_.actions[action];
  Inner r;
  for (int i = 0; i < n; ++i) r.reward += ale_->act(ale, 1.0f);
  r.terminated = ale_->gameOver(false);
  r.truncated = !r.terminated && ale_->truncated();
  if (cfg_.maxEpisodeSteps > 0 && ++elapsed_ >= cfg_.maxEpisodeSteps) r.truncated = true;
  r.lives = ale_->lives();
  return r;
}

DeepMindPipeline::Inner DeepMindPipeline::statsReset(bool seeded, uint32_t seed) {
  statsReturn_ = 0;
  statsLength_ = 0;
  return atariReset(seeded, seed);
}

DeepMindPipeline::Inner DeepMindPipeline::statsStep(int action) {
  Inner r = atariStep(action);
  statsReturn_ += r.reward;
  ++statsLength_;
  if (r.done()) {
    r.episode = true;
    r.episodeReturn = statsReturn_;
    r.episodeLength = statsLength_;
  }
  return r;
}

DeepMindPipeline::Inner DeepMindPipeline::noopReset(bool seeded, uint32_t seed) {
  if (seeded) noopRng_.reseed(seed);
  Inner r = statsReset(seeded, seed);
  const int noops = noopRng_.integers(1, cfg_.noopMax + 1);
  for (int i = 0; i < noops; ++i) {
    r = statsStep(0);
    if (r.done()) r = statsReset(false, 0);
  }
  return r;
}

DeepMindPipeline::Inner DeepMindPipeline::warpReset(bool seeded, uint32_t seed) {
  Inner r = noopReset(seeded, seed);
  std::memcpy(screens_[1].data(), ale_->screen(), screenPixels_);
  latestSingle_ = true;
  return r;
}

// SkipMaxWarp.step: the screens are read at the last two repeats only; an early end leaves the
// older buffer as it was (as in baselines).
DeepMindPipeline::Inner DeepMindPipeline::warpStep(int action) {
  double total = 0;
  Inner last;
  for (int i = 0; i < cfg_.skip; ++i) {
    last = statsStep(action);
    if (i == cfg_.skip - 2) std::memcpy(screens_[0].data(), ale_->screen(), screenPixels_);
    if (i == cfg_.skip - 1) std::memcpy(screens_[1].data(), ale_->screen(), screenPixels_);
    total += last.reward;
    if (last.done()) break;
  }
  latestSingle_ = cfg_.skip <= 1;
  last.reward = total;
  return last;
}

DeepMindPipeline::Inner DeepMindPipeline::lifeReset(bool seeded, uint32_t seed) {
  if (!cfg_.episodicLife) return warpReset(seeded, seed);
  // A reset after a lost life is one NOOP step: the game goes on.
  Inner r = realDone_ || seeded ? warpReset(seeded, seed) : warpStep(0);
  lifeLives_ = r.lives;
  return r;
}

DeepMindPipeline::Inner DeepMindPipeline::lifeStep(int action) {
  if (!cfg_.episodicLife) return warpStep(action);
  Inner r = warpStep(action);
  realDone_ = r.done();
  // lives > 0: some games (Q*bert) dip to 0 before the real end.
  r.terminated = r.terminated || (r.lives < lifeLives_ && r.lives > 0);
  lifeLives_ = r.lives;
  return r;
}

DeepMindPipeline::Inner DeepMindPipeline::fireReset(bool seeded, uint32_t seed) {
  lifeReset(seeded, seed);
  Inner s = lifeStep(1);
  if (s.done()) lifeReset(false, 0);
  s = lifeStep(2);
  if (s.done()) return lifeReset(false, 0);
  return s;
}

void DeepMindPipeline::warpLatest(uint8_t* out) {
  const uint8_t* last = screens_[1].data();
  warper_.warp(last, latestSingle_ ? last : screens_[0].data(), out);
}

int DeepMindPipeline::reset(bool seeded, uint32_t seed) {
  const Inner r = topReset(seeded, seed);
  // FrameStack pads with the first frame.
  uint8_t* first = frames_.data();
  warpLatest(first);
  for (int k = 1; k < cfg_.stack; ++k) std::memcpy(frames_.data() + k * frameBytes_, first, frameBytes_);
  newest_ = 0;
  return r.lives;
}

PipelineStep DeepMindPipeline::step(int action) {
  const Inner r = topStep(action);
  newest_ = (newest_ + 1) % cfg_.stack;
  warpLatest(frames_.data() + newest_ * frameBytes_);
  PipelineStep out;
  out.rawReward = r.reward;
  out.reward = !cfg_.clipRewards ? r.reward : r.reward > 0 ? 1.0 : r.reward < 0 ? -1.0 : r.reward;
  out.terminated = r.terminated;
  out.truncated = r.truncated;
  out.lives = r.lives;
  out.episodeEnded = r.episode;
  out.episodeReturn = r.episodeReturn;
  out.episodeLength = r.episodeLength;
  return out;
}

void DeepMindPipeline::writeStack(uint8_t* out) const {
  for (int k = 0; k < cfg_.stack; ++k) {
    const int slot = (newest_ + 1 + k) % cfg_.stack;
    std::memcpy(out + k * frameBytes_, frames_.data() + slot * frameBytes_, frameBytes_);
  }
}

}  // namespace env
