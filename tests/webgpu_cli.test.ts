// A forced webgpu run of the real train:cartpole command completes: the loop's reads, the
// evaluation and the run directory all work where dataSync cannot be used.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { hasVulkan } from './helpers/vulkan.ts';
import { repoRoot } from '../src/native.ts';

const exec = promisify(execFile);
const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');

describe.runIf(hasVulkan)('webgpu from the command line', () => {
  it('train:cartpole --backend webgpu trains, evaluates and writes its run', async () => {
    const runs = fs.mkdtempSync(path.join(os.tmpdir(), 'webgpu-runs-'));
    const { stdout: out, stderr } = await exec(tsx, ['src/cli/train_cartpole.ts', '--algo', 'dqn', '--backend', 'webgpu', '--total-steps', '400',
      '--eval-every', '0', '--eval-episodes', '2', '--runs-dir', runs, '--run-name', 'wg'], { cwd: repoRoot, env: process.env, maxBuffer: 1 << 24 });
    const stdout = out + stderr; // the progress and log lines go to stderr
    expect(stdout).toMatch(/^backend: webgpu \(Dawn; adapter: .+\)$/m);
    expect(stdout).toMatch(/done: 400\/400/);
    expect(stdout).toMatch(/greedy evaluation .*: \d+(\.\d+)?$/m);
    const config = JSON.parse(fs.readFileSync(path.join(runs, 'wg', 'config.json'), 'utf8'));
    expect(config.backend).toBe('webgpu');
    const episodes = fs.readFileSync(path.join(runs, 'wg', 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((m) => m.return !== undefined);
    // An untrained CartPole policy falls within a few dozen steps: 400 steps are several episodes.
    expect(episodes.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...episodes.map((m) => m.step))).toBeLessThanOrEqual(400);
  }, 180_000);
});
