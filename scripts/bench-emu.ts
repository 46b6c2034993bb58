// npm run bench:emu -- [--frames N] [--runs R] [--ale PROGRAM]
// Single-thread emulator speed with frame skip 1: (a) act only, (b) act + grayscale screen every
// frame, (c) act + RGB screen every frame; resets included. Prints frames per second (median of
// R runs, the columns' runs alternating).
// A ratio is only meaningful against a reference measured in the same run on the same host: with
// --ale, the real ALE is measured alongside, its runs alternating with ours, by a driver program
// built from scripts/ale-reference/alebench.cpp (see there), and each cell adds the ratio to that
// same-run figure. Without it only the absolute figures are printed.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import { ALE } from '../src/env/ale.ts';
import { findRom } from '../src/env/roms.ts';
import { parseFlags, ranges, runCli, usage, UsageError } from '../src/cli/flags.ts';

const GAMES = ['breakout', 'pong', 'space_invaders', 'seaquest', 'ms_pacman'];
const spec = {
  defaults: { frames: 30000, runs: 3, ale: '', help: false },
  ranges: { frames: ranges.count, runs: ranges.count },
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function run(game: string, mode: 0 | 1 | 2, frames: number): number {
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

function runAle(aleProgram: string, game: string, mode: 0 | 1 | 2, frames: number): number {
  const rom = findRom(game);
  const out = execFileSync(aleProgram, [rom, String(mode), String(frames)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const m = /fps (\d+(\.\d+)?)/.exec(out);
  if (!m) throw new Error(`no "fps N" in the output of ${aleProgram}: ${out.trim()}`);
  return Number(m[1]);
}

async function main(): Promise<void> {
  const { config: o } = parseFlags(process.argv.slice(2), spec);
  if (o.help) return void console.log(usage('npm run bench:emu --', spec));
  const { frames, runs } = o;
  const aleProgram = o.ale || undefined;
  if (aleProgram && !existsSync(aleProgram)) throw new UsageError(`--ale needs the path of a built driver (scripts/ale-reference/alebench.cpp), got ${aleProgram}`);
  for (const game of GAMES) findRom(game); // a missing ROM is named before any timing
  console.log(`frames per second, frame skip 1, ${frames} frames, median of ${runs} runs${aleProgram ? ' (ratio to ALE 0.12.1 measured in this run)' : ''}`);
  const widths = aleProgram ? [18, 18, 18] : [10, 13, 10];
  console.log('game'.padEnd(16) + ['act only', '+ grayscale', '+ RGB'].map((h, i) => h.padStart(widths[i])).join(''));
  const sameRunRatios: number[] = [];
  for (const game of GAMES) {
    const cells: string[] = [];
    // The runs of the three columns alternate, so that a slow spell of the host lands on all of them.
    const samples: number[][] = [[], [], []];
    const aleSamples: number[][] = [[], [], []];
    for (let r = 0; r < runs; ++r)
      for (const mode of [0, 1, 2] as const) {
        samples[mode].push(run(game, mode, frames));
        if (aleProgram) aleSamples[mode].push(runAle(aleProgram, game, mode, frames));
      }
    for (const mode of [0, 1, 2] as const) {
      const fps = median(samples[mode]);
      if (aleProgram) {
        const same = fps / median(aleSamples[mode]);
        sameRunRatios.push(same);
        cells.push(`${fps.toFixed(0)} (${same.toFixed(2)}x)`.padStart(widths[mode]));
      } else {
        cells.push(fps.toFixed(0).padStart(widths[mode]));
      }
    }
    console.log(`${game.padEnd(16)}${cells.join('')}`);
  }
  const geomean = (xs: number[]) => Math.exp(xs.reduce((s, r) => s + Math.log(r), 0) / xs.length).toFixed(2);
  if (aleProgram) console.log(`geometric mean ratio to ALE in this run: ${geomean(sameRunRatios)}x`);
  else console.log('no ratio to ALE: it was not measured in this run (add --ale PROGRAM, a driver built from scripts/ale-reference/alebench.cpp). ' +
    "The ratios in the README's Speed section come from --ale runs on the benchmark machine; figures from another host or run are not comparable.");
}

await runCli(main, () => usage('npm run bench:emu --', spec));
