// Our emulator under bench:emu's protocol (frame skip 1, no sticky actions, the same action policy,
// resets included) or bench:env's loop (the DeepMind pipeline, action = step % actions), as a plain
// C++ program: for instruction counts with valgrind's callgrind, which do not depend on the load of
// the machine (scripts/ale-reference/alebench.cpp is the same for ALE).
// usage: emubench ROM MD5 emu FRAMES | emubench ROM MD5 env STEPS
// Build from the project folder (the addon's flags, without N-API):
//   g++ -std=c++17 -O3 -fexceptions -ffp-contract=off -pthread -Inative scripts/emubench.cpp \
//     $(ls native/emu/*.cc native/env/*.cc native/env/games/*.cc native/ops/*.cc) -o emubench
// Count:  valgrind --tool=callgrind ./emubench roms/breakout.bin $(md5sum < roms/breakout.bin | cut -c1-32) emu 2000
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "env/deepmind_pipeline.h"
#include "env/rom_loader.h"

namespace {

// bench:emu's act-only loop; returns the summed reward.
long actOnly(const std::vector<uint8_t>& rom, const std::string& md5, int frames) {
  env::EnvConfig cfg;
  cfg.repeatActionProbability = 0;
  std::unique_ptr<env::AleEnv> ale = env::createEnv(rom, md5, cfg);
  const std::vector<int> actions = ale->gameEntry().minimalActions;
  long total = 0;
  uint32_t x = 12345;
  for (int f = 0; f < frames; ++f) {
    if ((f & 3) == 0) x = x * 1664525u + 1013904223u;
    total += ale->act(actions[(x >> 16) % actions.size()]);
    if (ale->gameOver()) ale->reset();
  }
  return total;
}

// bench:env's loop on one env: NoFrameskip-v4 under the DeepMind wrappers' defaults.
long pipeline(const std::vector<uint8_t>& rom, const std::string& md5, int steps) {
  const env::GameEntry* game = env::findGame(md5);
  if (!game) throw std::invalid_argument("md5 " + md5 + " is not a game of the table");
  env::PipelineConfig cfg;
  cfg.ale.repeatActionProbability = 0;
  cfg.maxEpisodeSteps = 400000;
  cfg.actions = game->minimalActions;
  cfg.fireReset = cfg.actions.size() >= 3 && cfg.actions[1] == env::FIRE;
  env::DeepMindPipeline p(rom, md5, cfg);
  p.reset(true, 0);
  long total = 0;
  for (int s = 0; s < steps; ++s) {
    env::PipelineStep r = p.step(s % p.numActions());
    total += static_cast<long>(r.rawReward);
    if (r.terminated || r.truncated) p.reset(false, 0);
  }
  return total;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5 || (std::strcmp(argv[3], "emu") != 0 && std::strcmp(argv[3], "env") != 0)) {
    std::fprintf(stderr, "usage: emubench ROM MD5 emu FRAMES | emubench ROM MD5 env STEPS\n");
    return 2;
  }
  std::ifstream file(argv[1], std::ios::binary);
  if (!file) {
    std::fprintf(stderr, "emubench: cannot read %s\n", argv[1]);
    return 2;
  }
  std::vector<uint8_t> rom((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  const int n = std::atoi(argv[4]);
  try {
    long total = std::strcmp(argv[3], "emu") == 0 ? actOnly(rom, argv[2], n) : pipeline(rom, argv[2], n);
    std::printf("%s %s %d: total reward %ld\n", argv[1], argv[3], n, total);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "emubench: %s\n", e.what());
    return 1;
  }
}
