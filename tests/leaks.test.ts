import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import './paths.ts';
import { repoRoot } from '../src/native.ts';

it('1,000 create/reset/close cycles over every game leave resident memory flat (npm run test:leaks runs 10,000)', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', 'scripts/leak-check.ts', '--cycles', '1000'], { cwd: repoRoot });
  expect(stdout).toMatch(/1000 create\/reset\/close cycles over \d+ games: rss grew -?[\d.]+ MiB/);
}, 300_000);
