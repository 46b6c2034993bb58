// Where tests find the shared reference data: environment variables first, else the
// folder next to the checkout.
import path from 'node:path';

import { repoRoot } from '../src/native.ts';

export const sharedDir = path.resolve(repoRoot, '..', 'shared');
export const romsDir = process.env.ATARI_ROMS_DIR ?? path.join(sharedDir, 'roms');
// Code under test finds ROMs through the same variable users set.
process.env.ATARI_ROMS_DIR = romsDir;
export const tracesDir = process.env.ALE_TRACES_DIR ?? path.join(sharedDir, 'ale-traces');
export const fixturesDir = process.env.FIXTURES_DIR ?? path.join(sharedDir, 'fixtures');
export const cpuTestsDir = process.env.CPU_TESTS_DIR ?? path.join(sharedDir, 'cpu-tests');
