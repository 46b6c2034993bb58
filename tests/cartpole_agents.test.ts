// The classic-control agents learn: DQN on CartPole-v1 states solves it within a fixed, seeded
// step budget; REINFORCE clearly beats a random policy; the pixel DQN runs end to end (its view
// and update are checked in cartpole_pixels.test.ts).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../src/native.ts';
import { selectBackend } from '../src/tf/backend.ts';
import { defaultCartPoleDqnConfig, evaluateGreedy, trainCartPoleDqn } from '../src/agents/cartpole_dqn.ts';
import { defaultReinforceConfig, trainReinforce } from '../src/agents/reinforce.ts';
import { make } from '../src/index.ts';
import { Rng } from '../src/env/rng.ts';
import type { Env } from '../src/env/core.ts';

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;

function randomPolicyReturns(episodes: number): number[] {
  const env = make('CartPole-v1') as Env<Float32Array, number>;
  const rng = new Rng(9);
  const out: number[] = [];
  for (let e = 0; e < episodes; ++e) {
    env.reset({ seed: e });
    let ret = 0;
    for (;;) {
      const r = env.step(rng.integers(0, 2));
      ret += r.reward;
      if (r.terminated || r.truncated) break;
    }
    out.push(ret);
  }
  return out;
}

describe('CartPole agents', () => {
  it('DQN (soft target updates, Huber, AdamW, clipped gradients) averages at least 195 over 100 greedy episodes', async () => {
    await selectBackend('auto');
    // The agent's own step budget (50,000, as the PyTorch tutorial's 600 episodes): seed 1 got to a
    // 100-episode mean of 179 within 30,000 steps on onednn (wasm: above 195; seeds 2 and 3 on onednn:
    // 207 and 494), and to 479 within 50,000. Solved runs stop early at 450.
    const { best, bestScore } = await trainCartPoleDqn({ ...defaultCartPoleDqnConfig, learningRate: 1e-3, totalSteps: 50_000, evalEvery: 500, evalEpisodes: 10, stopAtScore: 450 });
    expect(bestScore).toBeGreaterThanOrEqual(195);
    const returns = await evaluateGreedy(best, 100, 1_000_000);
    expect(mean(returns)).toBeGreaterThanOrEqual(195);
  }, 600_000);

  it('REINFORCE clearly beats a random policy', async () => {
    await selectBackend('auto');
    const random = mean(randomPolicyReturns(100));
    const { returns } = await trainReinforce({ ...defaultReinforceConfig, episodes: 400 });
    expect(mean(returns.slice(-50))).toBeGreaterThan(2 * random);
  }, 300_000);

  it('the same seed gives the same training run', async () => {
    await selectBackend('auto');
    const a = await trainReinforce({ ...defaultReinforceConfig, episodes: 30, seed: 4 });
    const b = await trainReinforce({ ...defaultReinforceConfig, episodes: 30, seed: 4 });
    expect(b.returns).toEqual(a.returns);
    const w = (m: typeof a.model) => m.getWeights().map((t) => Array.from(t.dataSync()));
    expect(w(b.model)).toEqual(w(a.model));
  }, 120_000);

  it('npm run train:cartpole -- --algo dqn-pixels trains from rendered frame differences and logs each episode', async () => {
    const runs = fs.mkdtempSync(path.join(os.tmpdir(), 'cartpole-'));
    const { stderr } = await promisify(execFile)(path.join(repoRoot, 'node_modules', '.bin', 'tsx'),
      ['src/cli/train_cartpole.ts', '--algo', 'dqn-pixels', '--episodes', '4', '--batch-size', '16', '--runs-dir', runs, '--run-name', 'px'],
      { cwd: repoRoot, maxBuffer: 1 << 24 });
    expect(stderr).toMatch(/4 episodes; last 20 mean/);
    const rows = fs.readFileSync(path.join(runs, 'px', 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.episode)).toEqual([1, 2, 3, 4]);
    // CartPole pays 1 per step, so each logged return is the episode's length in the step counter.
    rows.forEach((r, i) => expect(r.return, `episode ${r.episode}`).toBe(r.steps - (i ? rows[i - 1].steps : 0)));
    expect(rows.every((r) => r.return >= 8 && r.return <= 500)).toBe(true);
    await expect(promisify(execFile)(path.join(repoRoot, 'node_modules', '.bin', 'tsx'), ['src/cli/train_cartpole.ts', '--algo', 'sarsa'], { cwd: repoRoot }))
      .rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/--algo must be one of dqn, reinforce, dqn-pixels, ppo, a2c, got 'sarsa'/) });
  }, 300_000);
});
