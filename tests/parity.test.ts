import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
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

  const runCli = (dir: string, ...args: string[]) => {
    try {
      const out = execFileSync('npx', ['tsx', 'src/cli/parity.ts', dir, ...args], {
        cwd: repoRoot,
        env: { ...process.env, ATARI_ROMS_DIR: romsDir },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      return { out, code: 0 };
    } catch (e) {
      return { out: (e as { stdout: string }).stdout, code: (e as { status: number }).status };
    }
  };

  it('the parity command reports the first mismatch of a doctored trace and exits non-zero', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'traces-'));
    const lines = gunzipSync(readFileSync(path.join(tracesDir, 'pong.trace.jsonl.gz'))).toString('utf8').split('\n');
    const rec = JSON.parse(lines[101]); // the step line with t = 100
    rec.ram = (rec.ram[0] === '0' ? '1' : '0') + rec.ram.slice(1);
    lines[101] = JSON.stringify(rec);
    writeFileSync(path.join(dir, 'pong.trace.jsonl.gz'), gzipSync(lines.join('\n')));
    copyFileSync(path.join(tracesDir, 'palette.json'), path.join(dir, 'palette.json'));
    const { out, code } = runCli(dir);
    expect(code).toBe(1);
    expect(out).toMatch(/^pong: 4999\/5000 frames identical, first mismatch at frame 100: RAM\[0x80\]/m);
  });

  it('the parity command prints one line per trace and exits 0 when all match', () => {
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
