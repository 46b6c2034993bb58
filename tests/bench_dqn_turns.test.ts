// bench:dqn's ratios come from PyTorch timed in the same run, in turns with our backend (a few
// steps each, PyTorch kept running beside us). Where no python3 with torch is found it prints the
// absolute times and says why there is no ratio.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import './paths.ts';
import { repoRoot } from '../src/native.ts';

const run = promisify(execFile);

it('bench:dqn times PyTorch in turns with our backend and divides the medians of the same run', async () => {
  const { stdout } = await run(path.join(repoRoot, 'node_modules', '.bin', 'tsx'),
    ['scripts/bench-dqn.ts', '--backends', 'wasm', '--reps', '3', '--warmup', '1', '--chunk', '1', '--agent-steps', '0'],
    { cwd: repoRoot, env: { ...process.env, ATARI_RL_THREADS: '1' } });
  const ours = stdout.match(/\n {2}train step ([\d.]+) ms, forward batch 32 ([\d.]+) ms, batch 1 [\d.]+ ms \(medians of 3\)(\n {2}alongside: .*)?/);
  expect(ours, stdout).not.toBeNull();
  if (/no ratio to PyTorch: it was not measured in this run \(/.test(stdout)) {
    expect(ours![3]).toBeUndefined();
    return;
  }
  expect(stdout).toMatch(/each backend takes turns with PyTorch \S+ CPU \(BLAS: \w+\), 1 timed steps at a time, 3 each in all \(after 1 untimed\)/);
  const theirs = ours![3]?.match(/PyTorch 1 thread train ([\d.]+) ms, forward ([\d.]+) ms \(PyTorch\/this: train ([\d.]+)x, forward ([\d.]+)x\)/);
  expect(theirs, stdout).toBeDefined();
  expect(theirs).not.toBeNull();
  const [train, fwd] = [Number(ours![1]), Number(ours![2])];
  expect(Number(theirs![3])).toBeCloseTo(Number(theirs![1]) / train, 1);
  expect(Number(theirs![4])).toBeCloseTo(Number(theirs![2]) / fwd, 1);
}, 300_000);
