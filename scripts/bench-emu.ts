// npm run bench:emu -- [--frames N] [--runs R] [--ale PROGRAM]
// Single-thread emulator speed with frame skip 1: (a) act only, (b) act + grayscale screen every
// frame, (c) act + RGB screen every frame; resets included. Prints frames per second (median of
// R runs, the columns' runs alternating) and the ratio to the real ALE 0.12.1 (Release build)
// measured on the same kind of 2-core machine with the same protocol.
// With --ale, the real ALE is also measured in the same run, its runs alternating with ours, by a
// driver program built from scripts/ale-reference/alebench.cpp (see there), and each cell adds the
// ratio to that same-run figure: host speed then cancels out.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import { ALE } from '../src/env/ale.ts';
import { findRom } from '../src/env/roms.ts';

const ALE_FPS: Record<string, [number, number, number]> = {
  breakout: [4481, 4280, 4323],
  pong: [6031, 4766, 3961],
  space_invaders: [6178, 4816, 3752],
  seaquest: [5733, 4039, 3948],
  ms_pacman: [6064, 4474, 3963],
};

function flag(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return def;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v <= 0) {
    console.error(`bench:emu: --${name} needs a positive integer`);
    process.exit(2);
  }
  return v;
}

const frames = flag('frames', 30000);
const aleIndex = process.argv.indexOf('--ale');
const aleProgram = aleIndex < 0 ? undefined : process.argv[aleIndex + 1];
if (aleIndex >= 0 && (!aleProgram || !existsSync(aleProgram))) {
  console.error(`bench:emu: --ale needs the path of a built driver (scripts/ale-reference/alebench.cpp), got ${aleProgram ?? 'nothing'}`);
  process.exit(2);
}
const runs = flag('runs', 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function run(game: string, mode: 0 | 1 | 2): number {
  const ale = new ALE(game, { repeatActionProbability: 0, frameSkip: 1 });
  const actions = ale.minimalActionSet();
  const gray = new Uint8Array(ale.height * ale.width);
  const rgb = new Uint8Array(ale.height * ale.width * 3);
  let x = 12345;
  const t0 = process.hrtime.bigint();
  for (let f = 0; f < frames; ++f) {
    if ((f & 3) === 0) x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    ale.act(actions[(x >>> 16) % actions.length]);
    if (mode === 1) ale.getScreenGrayscale(gray);
    else if (mode === 2) ale.getScreenRGB(rgb);
    if (ale.gameOver()) ale.reset();
  }
  return frames / (Number(process.hrtime.bigint() - t0) / 1e9);
}

function runAle(game: string, mode: 0 | 1 | 2): number {
  const rom = findRom(game);
  const out = execFileSync(aleProgram!, [rom, String(mode), String(frames)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const m = /fps (\d+(\.\d+)?)/.exec(out);
  if (!m) throw new Error(`bench:emu: no "fps N" in the output of ${aleProgram}: ${out.trim()}`);
  return Number(m[1]);
}

console.log(`frames per second, frame skip 1, ${frames} frames, median of ${runs} runs (ratio to ALE 0.12.1${aleProgram ? '; then to ALE measured in this run' : ''})`);
console.log(aleProgram ? 'game            act only                  + grayscale               + RGB' : 'game            act only            + grayscale         + RGB');
const ratios: number[] = [];
const sameRunRatios: number[] = [];
for (const game of Object.keys(ALE_FPS)) {
  const cells: string[] = [];
  // The runs of the three columns alternate, so that a slow spell of the host lands on all of them.
  const samples: number[][] = [[], [], []];
  const aleSamples: number[][] = [[], [], []];
  for (let r = 0; r < runs; ++r)
    for (const mode of [0, 1, 2] as const) {
      samples[mode].push(run(game, mode));
      if (aleProgram) aleSamples[mode].push(runAle(game, mode));
    }
  for (const mode of [0, 1, 2] as const) {
    const fps = median(samples[mode]);
    const ratio = fps / ALE_FPS[game][mode];
    ratios.push(ratio);
    if (aleProgram) {
      const same = fps / median(aleSamples[mode]);
      sameRunRatios.push(same);
      cells.push(`${fps.toFixed(0).padStart(7)} (${ratio.toFixed(2)}x; ${same.toFixed(2)}x)`.padEnd(26));
    } else {
      cells.push(`${fps.toFixed(0).padStart(7)} (${ratio.toFixed(2)}x)`.padEnd(20));
    }
  }
  console.log(`${game.padEnd(16)}${cells.join('')}`);
}
const geomean = (xs: number[]) => Math.exp(xs.reduce((s, r) => s + Math.log(r), 0) / xs.length).toFixed(2);
console.log(`geometric mean ratio: ${geomean(ratios)}x${aleProgram ? `; to ALE in this run: ${geomean(sameRunRatios)}x` : ''}`);
