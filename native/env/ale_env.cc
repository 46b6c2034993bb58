#include "env/ale_env.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace env {

namespace {
constexpr int kPaddleStep = 23000;  // paddle travel per frame of a LEFT/RIGHT action
constexpr int kResetSteps = 4;      // frames the RESET switch is held by a soft reset
constexpr int kNoopFramesAfterPowerOn = 60;

bool hasRight(int a) { return a == RIGHT || a == UPRIGHT || a == DOWNRIGHT || a == RIGHTFIRE || a == UPRIGHTFIRE || a == DOWNRIGHTFIRE; }
bool hasLeft(int a) { return a == LEFT || a == UPLEFT || a == DOWNLEFT || a == LEFTFIRE || a == UPLEFTFIRE || a == DOWNLEFTFIRE; }
bool hasUp(int a) { return a == UP || a == UPRIGHT || a == UPLEFT || a == UPFIRE || a == UPRIGHTFIRE || a == UPLEFTFIRE; }
bool hasDown(int a) { return a == DOWN || a == DOWNRIGHT || a == DOWNLEFT || a == DOWNFIRE || a == DOWNRIGHTFIRE || a == DOWNLEFTFIRE; }
bool hasFire(int a) { return a == FIRE || (a >= UPFIRE && a <= DOWNLEFTFIRE); }
}  // namespace

AleEnv::AleEnv(const std::vector<uint8_t>& rom, const GameEntry& game, const emu::ConsoleConfig& console,
               const EnvConfig& cfg)
    : console_(rom.data(), rom.size(), console), entry_(game), game_(createGame(game)), cfg_(cfg), rng_(cfg.seed) {
  if (cfg_.frameSkip < 1) throw std::invalid_argument("frameSkip must be at least 1");
  if (!(cfg_.repeatActionProbability >= 0.0 && cfg_.repeatActionProbability <= 1.0))
    throw std::invalid_argument("repeatActionProbability must be within [0, 1]");
  if (cfg_.maxFramesPerEpisode < 0) throw std::invalid_argument("maxFramesPerEpisode must be >= 0 (0 = no limit)");
  GameSettings settings;
  game_->modifySettings(settings);
  paddleMin_ = settings.paddleMin;
  paddleMax_ = settings.paddleMax;
  paddles_ = console.ports.jack[0] == emu::ControllerType::Paddles || console.ports.jack[1] == emu::ControllerType::Paddles;
  if (paddles_) setPaddles((paddleMin_ + paddleMax_) / 2, (paddleMin_ + paddleMax_) / 2);
  mode_ = game_->defaultMode();
  if (cfg_.mode >= 0) setMode(cfg_.mode);
  // ALE starts every game at difficulty 0, even one that does not list it (Backgammon offers only 3).
  if (cfg_.difficulty != 0) setDifficulty(cfg_.difficulty);
  maxLives_ = game_->lives();
  reset();
}

// Throws unless `value` is one of `allowed`, naming the alternatives.
static void requireOneOf(const std::vector<int>& allowed, int value, const char* what, const char* plural, const char* game) {
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return;
  std::ostringstream msg;
  msg << what << ' ' << value << " is not available for " << game << "; available " << plural << ':';
  for (int v : allowed) msg << ' ' << v;
  throw std::invalid_argument(msg.str());
}

void AleEnv::setMode(int mode) {
  requireOneOf(game_->modes(), mode, "mode", "modes", game_->id());
  mode_ = mode;
}

void AleEnv::setDifficulty(int difficulty) {
  requireOneOf(game_->difficulties(), difficulty, "difficulty", "difficulties", game_->id());
  difficulty_ = difficulty;
}

bool AleEnv::truncated() const {
  bool t = false;
  if (cfg_.maxFramesPerEpisode > 0) t |= episodeFrame_ >= cfg_.maxFramesPerEpisode;
  if (cfg_.truncateOnLossOfLife) t |= game_->lives() < maxLives_;
  return t;
}

void AleEnv::reset() {
  episodeFrame_ = 0;
  if (paddles_) setPaddles((paddleMin_ + paddleMax_) / 2, (paddleMin_ + paddleMax_) / 2);
  console_.reset();
  // A power-on reset clears both frame buffers: nothing skipped earlier can show any more.
  for (auto& list : pending_) {
    for (auto& snap : list) spare_.push_back(std::move(snap));
    list.clear();
  }
  emulate(NOOP, NOOP, 1.0f, 1.0f, kNoopFramesAfterPowerOn);
  softReset();
  game_->reset();
  game_->setMode(mode_, *this);
  softReset();
  for (int a : game_->startingActions()) emulate(a, NOOP, 1.0f, 1.0f, 1);
}

void AleEnv::softReset() {
  emulate(kReset, NOOP, 1.0f, 1.0f, kResetSteps);
  lastA_ = NOOP;
  lastB_ = NOOP;
}

void AleEnv::pressSelect(int times) {
  releaseKeys();
  console_.inputs().select = true;
  // The select frames are not shown to the game definition: only the frame after them is.
  for (int i = 0; i < times; ++i) runFrame();
  emulate(NOOP, NOOP, 1.0f, 1.0f, 1);
  ++episodeFrame_;
  ++totalFrames_;
}

int AleEnv::act(int action, float paddleStrength) {
  return actPlayers(action, NOOP, paddleStrength, 0.0f);
}

int AleEnv::actPlayers(int a, int b, float strengthA, float strengthB) {
  int sum = 0;
  for (int i = 0; i < cfg_.frameSkip; ++i) {
    // Two draws every frame (player A, then B), whatever the probability.
    if (uniform() >= cfg_.repeatActionProbability) {
      lastA_ = a;
      lastStrengthA_ = strengthA;
    }
    if (uniform() >= cfg_.repeatActionProbability) {
      lastB_ = b;
      lastStrengthB_ = strengthB;
    }
    sum += oneFrame(lastA_, lastB_, lastStrengthA_, lastStrengthB_);
  }
  return std::clamp(sum, cfg_.rewardMin, cfg_.rewardMax);
}

int AleEnv::oneFrame(int a, int b, float strengthA, float strengthB) {
  if (terminal()) return 0;
  if (a < 0 || a >= kNumActions) a = NOOP;
  if (b < 0 || b >= kNumActions) b = NOOP;
  emulate(a, b, strengthA, strengthB, 1);
  ++episodeFrame_;
  ++totalFrames_;
  return game_->reward();
}

void AleEnv::emulate(int a, int b, float strengthA, float strengthB, int frames) {
  if (paddles_) {
    for (int i = 0; i < frames; ++i) {
      applyPaddles(a, b, strengthA, strengthB);
      runFrame();
      game_->step(*this);
    }
  } else {
    applyJoysticks(a, b);
    for (int i = 0; i < frames; ++i) {
      runFrame();
      game_->step(*this);
    }
  }
}

void AleEnv::releaseKeys() {
  emu::Inputs& in = console_.inputs();
  in.select = in.reset = false;
  for (int j = 0; j < 2; ++j) in.up[j] = in.down[j] = in.left[j] = in.right[j] = in.fire[j] = false;
  in.paddleFire[0] = in.paddleFire[1] = false;
  in.leftDifficulty = static_cast<int8_t>(difficulty_ & 1);
  in.rightDifficulty = static_cast<int8_t>((difficulty_ >> 1) & 1);
}

void AleEnv::applyJoysticks(int a, int b) {
  releaseKeys();
  emu::Inputs& in = console_.inputs();
  if (a == kReset || b == kReset) in.reset = true;
  const int players[2] = {a, b};
  for (int p = 0; p < 2; ++p) {
    int act = players[p];
    if (act == kReset) continue;
    in.up[p] = hasUp(act);
    in.down[p] = hasDown(act);
    in.left[p] = hasLeft(act);
    in.right[p] = hasRight(act);
    in.fire[p] = hasFire(act);
  }
}

void AleEnv::applyPaddles(int a, int b, float strengthA, float strengthB) {
  releaseKeys();
  emu::Inputs& in = console_.inputs();
  auto delta = [](int act, float strength) {
    int step = static_cast<int>(kPaddleStep * std::fabs(strength));
    return hasRight(act) ? -step : hasLeft(act) ? step : 0;
  };
  setPaddles(std::clamp(paddle_[0] + delta(a, strengthA), paddleMin_, paddleMax_),
             std::clamp(paddle_[1] + delta(b, strengthB), paddleMin_, paddleMax_));
  if (a == kReset || b == kReset) in.reset = true;
  in.paddleFire[0] = a != kReset && hasFire(a);
  in.paddleFire[1] = b != kReset && hasFire(b);
}

void AleEnv::setPaddles(int left, int right) {
  paddle_[0] = left;
  paddle_[1] = right;
  // The paddle position is used directly as the pot's resistance.
  console_.inputs().paddleResistance[0] = left;
  console_.inputs().paddleResistance[1] = right;
}

void AleEnv::runFrame() {
  emu::Tia& tia = console_.tia();
  if (!cfg_.lazyScreens) {
    console_.frame();
    return;
  }
  const int buffer = tia.nextDrawBuffer();
  if (screenWanted_) {
    // Drawn now: older skipped frames of this buffer go first so that this frame's rows land on top.
    replayPending();
    screenWanted_ = false;
    tia.setRendering(true);
    console_.frame();
    ++consoleFrames_;
    dropCovered(buffer, tia.rowsReached());
    return;
  }
  FrameSnapshot snap;
  if (!spare_.empty()) {
    snap = std::move(spare_.back());
    spare_.pop_back();
  }
  snap.state.data().clear();
  console_.save(snap.state, false);
  snap.inputs = console_.inputs();
  snap.frame = consoleFrames_;
  tia.setRendering(false);
  console_.frame();
  ++consoleFrames_;
  snap.rows = tia.rowsReached();
  dropCovered(buffer, snap.rows);
  pending_[buffer].push_back(std::move(snap));
  // An unfinished frame greys out what is already in its buffer: that content must be real.
  if (tia.framePending()) replayPending();
}

void AleEnv::dropCovered(int buffer, int rows) {
  auto& list = pending_[buffer];
  for (size_t i = 0; i < list.size();) {
    if (list[i].rows <= rows) {
      spare_.push_back(std::move(list[i]));
      list.erase(list.begin() + static_cast<long>(i));
    } else {
      ++i;
    }
  }
}

void AleEnv::replayPending() {
  if (pending_[0].empty() && pending_[1].empty()) return;
  std::vector<FrameSnapshot*> order;
  for (auto& list : pending_)
    for (auto& snap : list) order.push_back(&snap);
  std::sort(order.begin(), order.end(), [](const FrameSnapshot* a, const FrameSnapshot* b) { return a->frame < b->frame; });
  emu::StateWriter present;
  console_.save(present, false);
  emu::Inputs inputs = console_.inputs();
  console_.tia().setRendering(true);
  for (FrameSnapshot* s : order) {
    emu::StateReader r(s->state.data().data(), s->state.data().size());
    console_.load(r, false);
    console_.inputs() = s->inputs;
    console_.frame();
  }
  emu::StateReader r(present.data().data(), present.data().size());
  console_.load(r, false);
  console_.inputs() = inputs;
  for (auto& list : pending_) {
    for (auto& snap : list) spare_.push_back(std::move(snap));
    list.clear();
  }
}

const uint8_t* AleEnv::screen() {
  if (cfg_.lazyScreens) {
    replayPending();
    screenWanted_ = true;
  }
  return console_.screen();
}

void AleEnv::readRam(uint8_t out[128]) {
  for (int i = 0; i < 128; ++i) out[i] = console_.system().peek(static_cast<uint16_t>(0x80 + i));
}

std::vector<uint8_t> AleEnv::cloneState(bool includeRng) {
  if (cfg_.lazyScreens) replayPending();  // the saved screen must be the real one
  emu::StateWriter w;
  w.tag("AleEnv");
  console_.save(w);
  game_->save(w);
  w.i32(paddle_[0]); w.i32(paddle_[1]);
  w.i32(mode_); w.i32(difficulty_);
  w.i32(episodeFrame_); w.i32(totalFrames_);
  w.i32(lastA_); w.i32(lastB_);
  w.f64(lastStrengthA_); w.f64(lastStrengthB_);
  w.boolean(includeRng);
  if (includeRng) {
    std::ostringstream ss;
    ss << rng_;
    w.str(ss.str());
  }
  return std::move(w.data());
}

void AleEnv::restoreState(const uint8_t* data, size_t size) {
  emu::StateReader r(data, size);
  r.expectTag("AleEnv");
  console_.load(r);
  game_->load(r);
  int p0 = r.i32(), p1 = r.i32();
  setPaddles(p0, p1);
  mode_ = r.i32(); difficulty_ = r.i32();
  episodeFrame_ = r.i32(); totalFrames_ = r.i32();
  lastA_ = r.i32(); lastB_ = r.i32();
  lastStrengthA_ = static_cast<float>(r.f64()); lastStrengthB_ = static_cast<float>(r.f64());
  if (r.boolean()) {
    std::istringstream ss(r.str());
    ss >> rng_;
  }
  for (auto& list : pending_) {  // the restored screen is complete
    for (auto& snap : list) spare_.push_back(std::move(snap));
    list.clear();
  }
}

}  // namespace env
