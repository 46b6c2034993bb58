import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { formatResult, listTraces, replayTrace } from '../src/env/parity.ts';
import { repoRoot } from '../src/native.ts';
import { romsDir, tracesDir } from './paths.ts';

describe('bit-exact parity with ALE 0.12.1 traces', () => {
  const traces = listTraces(tracesDir);

  it('finds the traces', () => {
    expect(traces.length).toBeGreaterThanOrEqual(13);
  });

  for (const file of traces) {
    it(`${path.basename(file)}: every frame identical (RAM, screen, reward, lives, terminal, frame number)`, () => {
      const r = replayTrace(file);
      expect(formatResult(r)).toBe(`${r.trace}: ${r.frames}/${r.frames} frames identical`);
      expect(r.frames).toBeGreaterThan(0);
    });
  }

  it('the parity command prints one line per trace and exits non-zero on a mismatch', () => {
    let out = '';
    let code = 0;
    try {
      out = execFileSync('npx', ['tsx', 'src/cli/parity.ts', tracesDir, '--game', 'pong'], {
        cwd: repoRoot,
        env: { ...process.env, ATARI_ROMS_DIR: romsDir },
        encoding: 'utf8',
      });
    } catch (e) {
      code = (e as { status: number }).status;
      out = (e as { stdout: string }).stdout;
    }
    expect(out).toContain('pong: 5000/5000 frames identical');
    expect(out).toContain('palette: 128/128 colours identical');
    expect(code).toBe(0);
  });
});
