// bench:emu prints a ratio only against ALE measured in the same run (--ale): without it, the
// absolute figures and where the README's ratios come from, never a ratio to figures recorded on
// another machine.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import './paths.ts';
import { repoRoot } from '../src/native.ts';

const run = promisify(execFile);

it('bench:emu without --ale prints frames per second and no ratio', async () => {
  const { stdout } = await run(path.join(repoRoot, 'node_modules', '.bin', 'tsx'), ['scripts/bench-emu.ts', '--frames', '200', '--runs', '1'], { cwd: repoRoot });
  const rows = stdout.split('\n').filter((l) => /^(breakout|pong|space_invaders|seaquest|ms_pacman) /.test(l));
  expect(rows).toHaveLength(5);
  for (const row of rows) expect(row).toMatch(/^\w+\s+\d+\s+\d+\s+\d+\s*$/);
  expect(stdout).not.toMatch(/\d\.\d\dx/);
  expect(stdout).toMatch(/no ratio to ALE: it was not measured in this run \(add --ale PROGRAM/);
}, 120_000);
