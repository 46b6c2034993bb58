// The real CLI on webgpu: a forced run of train:cartpole (DQN, then REINFORCE) completes in a
// subprocess and says which adapter it ran on; an auto run passes over a software adapter and says
// why. Step budgets are tiny: on lavapipe every read waits for a CPU-computed queue.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { hasVulkan } from './helpers/vulkan.ts';
import { repoRoot } from '../src/native.ts';
import { probeWebgpu } from '../src/tf/webgpu.ts';

const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
const cartpole = (args: string[]) => promisify(execFile)(tsx, ['src/cli/train_cartpole.ts', ...args], { cwd: repoRoot, maxBuffer: 1 << 24 });
const rows = (dir: string) => fs.readFileSync(path.join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const ADAPTER = /^backend: webgpu \(Dawn; adapter: [^,]+, [^,]+, .+\)$/m;

describe.runIf(hasVulkan)('train:cartpole on webgpu', () => {
  it('a forced webgpu run of DQN and of REINFORCE completes, logs its episodes and names the adapter', async () => {
    const runs = fs.mkdtempSync(path.join(os.tmpdir(), 'cartpole-webgpu-'));
    const dqn = await cartpole(['--algo', 'dqn', '--backend', 'webgpu', '--total-steps', '60', '--batch-size', '16', '--hidden', '16',
      '--eval-every', '30', '--eval-episodes', '1', '--runs-dir', runs, '--run-name', 'dqn']);
    expect(dqn.stderr).toMatch(ADAPTER);
    expect(dqn.stderr).toMatch(/\d+ training episodes, last 100 mean [\d.]+; greedy evaluation of the best checked policy over 100 episodes: [\d.]+/);
    expect(JSON.parse(fs.readFileSync(path.join(runs, 'dqn', 'config.json'), 'utf8')).backend).toBe('webgpu');
    const d = rows(path.join(runs, 'dqn'));
    expect(d.filter((r) => r.episode !== undefined).length).toBeGreaterThanOrEqual(2);
    expect(d.at(-1).eval_mean_return).toBeGreaterThanOrEqual(8);

    const reinforce = await cartpole(['--algo', 'reinforce', '--backend', 'webgpu', '--episodes', '3', '--hidden', '16', '--runs-dir', runs, '--run-name', 'pg']);
    expect(reinforce.stderr).toMatch(ADAPTER);
    expect(reinforce.stderr).toMatch(/3 episodes; first 50 mean/);
    expect(rows(path.join(runs, 'pg')).map((r) => r.episode)).toEqual([1, 2, 3]);
  }, 300_000);

  it('an auto run passes over a software adapter and names it', async () => {
    const { info } = await probeWebgpu();
    if (!info.software) return; // a real GPU: auto takes it, which the forced run above covers
    const runs = fs.mkdtempSync(path.join(os.tmpdir(), 'cartpole-auto-'));
    const { stderr } = await cartpole(['--algo', 'reinforce', '--episodes', '2', '--hidden', '16', '--runs-dir', runs, '--run-name', 'auto']);
    expect(stderr).not.toMatch(/^backend: webgpu/m);
    // Without a GPU device node, auto does not even start Dawn; with one, it skips the software adapter.
    expect(stderr).toMatch(/^backend: (onednn|tensorflow|wasm|cpu) .*; webgpu: (software adapter skipped \(.+ \(software\); --backend webgpu forces it\)|no GPU device on this machine .+)$/m);
  }, 120_000);
});
