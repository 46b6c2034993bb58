#include "emu/console.h"

#include "emu/cart.h"

namespace emu {

namespace {
// Instructions the CPU may run for one frame before the frame is declared unfinished.
constexpr uint32_t kInstructionsPerFrame = 25000;
}

Console::Console(const uint8_t* rom, size_t size, const ConsoleConfig& cfg)
    : sys_(cfg.seed), cpu_(sys_), signals_(cpu_) {
  cart_ = createCartridge(rom, size, cfg.cartType);
  cartType_ = cart_->type();
  cpu_.setSkipTimerWaits(cfg.skipTimerWaits);

  riot_ = std::make_unique<Riot>(sys_, inputs_, cfg.ports, cfg.leftDifficultyA, cfg.rightDifficultyA, cfg.colorTv);
  TiaConfig tc;
  tc.yStart = cfg.yStart;
  tc.height = cfg.height;
  tc.hmoveBlanks = cfg.hmoveBlanks;
  tc.ports = cfg.ports;
  tc.pal = false;
  tia_ = std::make_unique<Tia>(sys_, signals_, inputs_, tc);
  sys_.attach(riot_.get());
  sys_.attach(tia_.get());
  sys_.attach(cart_.get());

  pal_ = cfg.displayFormat == "PAL";
  if (cfg.displayFormat == "AUTO-DETECT") {
    // Like the reference: run 60 frames and call it PAL if at least 15 of the last 30 are long.
    reset();
    int longFrames = 0;
    for (int i = 0; i < 60; ++i) {
      frame();
      if (i >= 30 && tia_->scanlines() > 285) ++longFrames;
    }
    pal_ = longFrames >= 15;
  }
  if (pal_) {
    tia_->setPal(true);
    // (The reference also shows 250 lines instead of 210 for PAL games.)
    if (cfg.height == 210) tia_->setHeight(250);
  }
  reset();
}

Console::~Console() = default;

void Console::reset() {
  sys_.resetDevices();
  cpu_.reset();
}

void Console::frame() {
  if (!tia_->framePending()) tia_->beginFrame();
  tia_->setPartial();
  cpu_.execute(kInstructionsPerFrame);
  tia_->finishFrame();
}

void Console::save(StateWriter& out, bool withPixels) const {
  out.tag("Console");
  sys_.save(out, withPixels);
  cpu_.save(out);
  riot_->save(out);
  tia_->save(out, withPixels);
  cart_->save(out);
}

void Console::load(StateReader& in, bool withPixels) {
  in.expectTag("Console");
  sys_.load(in, withPixels);
  cpu_.load(in);
  riot_->load(in);
  tia_->load(in, withPixels);
  cart_->load(in);
}

}  // namespace emu
