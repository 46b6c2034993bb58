// The Breakout agent shipped in pretrained/breakout-dqn (README, "A trained Breakout agent"): intact
// against its manifest, trained by train:breakout with the settings its config records, evaluated
// at >= 20 when it was trained, and it still plays far above random through npm run render.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import './paths.ts';
import { repoRoot } from '../src/native.ts';
import { verifyCheckpoint } from '../src/io/checkpoint_manifest.ts';
import { defaultDqnConfig } from '../src/agents/dqn.ts';

const dir = path.join(repoRoot, 'pretrained', 'breakout-dqn');
const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;

describe('pretrained/breakout-dqn', () => {
  it('is intact, a DQN config of this project, and its evaluation at epsilon 0.05 averaged at least 20 over 10 games', () => {
    expect(verifyCheckpoint(dir)).toEqual({ ok: true, verified: true });
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'));
    expect(Object.keys(config).sort()).toEqual([...Object.keys(defaultDqnConfig), 'backend'].sort());
    expect(config).toMatchObject({ game: 'breakout', evalEpsilon: 0.05, evalEpisodes: 10 });
    const rows = fs.readFileSync(path.join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const evals = rows.filter((r) => Array.isArray(r.eval_returns));
    expect(evals.length).toBeGreaterThan(0);
    const last = evals[evals.length - 1];
    expect(last.eval_returns).toHaveLength(10);
    expect(mean(last.eval_returns)).toBeGreaterThanOrEqual(20);
    expect(last.step).toBe(JSON.parse(fs.readFileSync(path.join(dir, 'exported.json'), 'utf8')).step);
  });

  it('plays two games through npm run render at epsilon 0.05 far above random play (1.7 a game)', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pretrained-')), 'breakout.mp4');
    const { stdout } = await promisify(execFile)(path.join(repoRoot, 'node_modules', '.bin', 'tsx'),
      ['src/cli/render.ts', '--game', 'breakout', '--checkpoint', dir, '--episodes', '2', '--seed', '7', '--out', out],
      { cwd: repoRoot, maxBuffer: 1 << 24 });
    const scores = [...stdout.matchAll(/episode \d\/2: score (\d+)/g)].map((m) => Number(m[1]));
    expect(scores).toHaveLength(2);
    expect(mean(scores), `scores ${scores.join(', ')}`).toBeGreaterThanOrEqual(8);
    expect(fs.statSync(out).size).toBeGreaterThan(10_000);
  }, 300_000);
});
