#!/usr/bin/env bash
# npm run test:sanitize: build the addon with AddressSanitizer and UBSan in a scratch folder and run
# the emulator tests against it (parity on every trace, 1000+ garbage ROMs, determinism, CPU tests,
# every game of md5.json: 20,000 random frames plus every mode and difficulty, the vector env
# on its threads, the preprocessing, lazy screens, the screen conversions, the skipping of
# timer-polling loops and the cartridge schemes' test programs).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$root/binding.gyp" "$root/native" "$root/scripts" "$work/"
ln -s "$root/node_modules" "$work/node_modules"
cd "$work"
CXXFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
LDFLAGS="-fsanitize=address,undefined" \
  npx node-gyp rebuild -j 2 >/dev/null
cd "$root"
export ATARI_NATIVE_ADDON="$work/build/Release/atari_native.node"
export LD_PRELOAD="$(g++ -print-file-name=libasan.so) $(g++ -print-file-name=libubsan.so)"
# Node itself is not instrumented; its allocations are not ours to check for leaks here.
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
npx vitest run tests/cpu.test.ts tests/robustness.test.ts tests/determinism.test.ts tests/parity.test.ts tests/all_games_*.test.ts tests/vector_env.test.ts tests/preprocess.test.ts \
  tests/lazy_screens.test.ts tests/palette.test.ts tests/timer_waits.test.ts tests/carts.test.ts
