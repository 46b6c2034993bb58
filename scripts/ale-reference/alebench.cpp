// The real ALE under bench:emu's protocol, for `npm run bench:emu -- --ale <this program>`:
// frame skip 1, no sticky actions, the same action policy, resets included.
// usage: alebench ROM MODE FRAMES   (MODE 0: act only, 1: + grayscale, 2: + RGB)
// Prints one line ending in "fps <frames per second>".
// Build against an ALE 0.12.1 source tree built with its CMake (Release, -DSDL_SUPPORT=OFF) in
// <ale>/build:
//   g++ -O3 -std=c++17 -I<ale>/src -I<ale>/build/src/ale alebench.cpp <ale>/build/src/ale/libale.a -lz -o alebench
#include <ale/ale_interface.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: alebench ROM MODE FRAMES\n");
    return 2;
  }
  const int mode = std::atoi(argv[2]), frames = std::atoi(argv[3]);
  ale::ALEInterface env;
  ale::Logger::setMode(ale::Logger::Error);
  env.setFloat("repeat_action_probability", 0.0f);
  env.setInt("frame_skip", 1);
  env.loadROM(argv[1]);
  const auto actions = env.getMinimalActionSet();
  std::vector<unsigned char> gray(env.getScreen().height() * 160), rgb(gray.size() * 3);
  uint32_t x = 12345;
  const auto t0 = std::chrono::steady_clock::now();
  for (int f = 0; f < frames; ++f) {
    if ((f & 3) == 0) x = x * 1664525u + 1013904223u;
    env.act(actions[(x >> 16) % actions.size()]);
    if (mode == 1) env.getScreenGrayscale(gray);
    else if (mode == 2) env.getScreenRGB(rgb);
    if (env.game_over()) env.reset_game();
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%s mode %d fps %.0f\n", argv[1], mode, frames / s);
}
