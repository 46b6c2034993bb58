// The actor-critic commands end to end through the real CLIs: run directory, CleanRL's
// TensorBoard scalar names, checkpoints and --resume, the evaluation video and the closing
// `eval:` line; algorithms that do not fit the action space are refused.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import './paths.ts';
import { repoRoot } from '../src/native.ts';
import { readEvents } from '../src/logging/tensorboard_reader.ts';
import { findLatestCheckpoint } from '../src/io/atomic.ts';

const exec = promisify(execFile);
const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
const cli = (script: string, args: string[]) => exec(tsx, [`src/cli/${script}`, ...args], { cwd: repoRoot, env: process.env, maxBuffer: 1 << 24 });
const runs = fs.mkdtempSync(path.join(os.tmpdir(), 'ac-runs-'));

function scalars(dir: string) {
  const files = fs.readdirSync(dir).filter((f) => f.startsWith('events.out.tfevents.'));
  return files.flatMap((f) => readEvents(path.join(dir, f)).flatMap((e) => e.scalars.map((s) => ({ ...s, step: e.step }))));
}

describe('train:control', () => {
  it('PPO on Pendulum-v1: scalars, checkpoints, an eval video and the eval line; --resume continues from the last checkpoint', async () => {
    const common = ['--env', 'Pendulum-v1', '--algo', 'ppo', '--runs-dir', runs, '--run-name', 'pend', '--num-steps', '128',
      '--num-minibatches', '4', '--update-epochs', '2', '--checkpoint-frequency', '128', '--eval-episodes', '1', '--eval-videos', '1', '--backend', 'wasm'];
    const first = await cli('train_control.ts', [...common, '--total-steps', '256']);
    expect(first.stdout.trim().split('\n').at(-1)).toMatch(/^eval: mean return -\d+\.\d\d over 1 episodes$/);
    const dir = path.join(runs, 'pend');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'))).toMatchObject({ algo: 'ppo', env: 'Pendulum-v1', numSteps: 128, normalize: true });
    const tags = new Set(scalars(dir).map((s) => s.tag));
    for (const tag of ['losses/value_loss', 'losses/policy_loss', 'losses/entropy', 'losses/approx_kl', 'losses/old_approx_kl', 'losses/clipfrac',
      'losses/explained_variance', 'charts/learning_rate', 'charts/SPS', 'charts/episodic_return', 'eval/episodic_return'])
      expect(tags.has(tag), tag).toBe(true);
    // Pendulum episodes last 200 steps: one ended within the 256.
    const episodes = fs.readFileSync(path.join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((r) => 'return' in r);
    expect(episodes).toHaveLength(1);
    expect(episodes[0]).toMatchObject({ step: 200, length: 200 });
    expect(fs.statSync(path.join(dir, 'videos', 'eval-step-256-episode-0.mp4')).size).toBeGreaterThan(1000);
    const latest = findLatestCheckpoint(dir)!;
    expect(path.basename(latest)).toBe('step-000000256');
    const state = JSON.parse(fs.readFileSync(path.join(latest, 'state.json'), 'utf8'));
    expect(state).toMatchObject({ iteration: 2, globalStep: 256 });
    expect(state.envState[0].obsRms.count).toBeGreaterThan(256); // the normalisation statistics travel with the agent
    expect(fs.readdirSync(path.join(dir, 'checkpoints'))).toContain('step-000000128');

    const again = await cli('train_control.ts', [...common, '--total-steps', '384', '--resume']);
    expect(again.stderr).toMatch(/resumed from .*step-000000256 at step 256 \(update 2 of 3\)/);
    expect(path.basename(findLatestCheckpoint(dir)!)).toBe('step-000000384');
    expect(JSON.parse(fs.readFileSync(path.join(findLatestCheckpoint(dir)!, 'state.json'), 'utf8')).envState[0].obsRms.count).toBeGreaterThan(state.envState[0].obsRms.count);
    await expect(cli('train_control.ts', [...common, '--total-steps', '384'])).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/already holds a run; pass --resume/) });
  }, 600_000);

  it('A2C through train:cartpole and DDPG on Pendulum run end to end', async () => {
    const a2c = await cli('train_cartpole.ts', ['--algo', 'a2c', '--runs-dir', runs, '--run-name', 'a2c', '--total-steps', '400', '--eval-episodes', '2', '--eval-videos', '0', '--backend', 'wasm']);
    expect(a2c.stdout).toMatch(/eval: mean return \d+\.\d\d over 2 episodes/);
    expect(JSON.parse(fs.readFileSync(path.join(runs, 'a2c', 'config.json'), 'utf8'))).toMatchObject({ algo: 'a2c', env: 'CartPole-v1', numSteps: 5, learningRate: 7e-4 });
    expect(scalars(path.join(runs, 'a2c')).some((s) => s.tag === 'losses/value_loss')).toBe(true);

    const ddpg = await cli('train_control.ts', ['--env', 'Pendulum-v1', '--algo', 'ddpg', '--runs-dir', runs, '--run-name', 'ddpg', '--total-steps', '450',
      '--learning-starts', '200', '--batch-size', '32', '--hidden', '32', '--eval-episodes', '1', '--eval-videos', '0', '--backend', 'wasm']);
    expect(ddpg.stdout).toMatch(/eval: mean return -\d+\.\d\d over 1 episodes/);
    const tags = new Set(scalars(path.join(runs, 'ddpg')).map((s) => s.tag));
    for (const tag of ['losses/qf1_loss', 'losses/qf1_values', 'losses/actor_loss', 'charts/episodic_return']) expect(tags.has(tag), tag).toBe(true);
    const ckpt = findLatestCheckpoint(path.join(runs, 'ddpg'))!;
    for (const part of ['actor', 'critic', 'target_actor', 'target_critic', 'actor_optimizer', 'critic_optimizer']) expect(fs.existsSync(path.join(ckpt, part)), part).toBe(true);
  }, 600_000);

  it('refuses algorithms that do not fit the action space, naming those that do', async () => {
    await expect(cli('train_control.ts', ['--env', 'CartPole-v1', '--algo', 'ddpg'])).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/DDPG needs continuous \(Box\) actions and CartPole-v1 has Discrete\(2\); algorithms that fit CartPole-v1: ppo, a2c/) });
    await expect(cli('train_control.ts', ['--env', 'Pendulum-v1', '--algo', 'dqn'])).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/DQN needs discrete actions and Pendulum-v1 has Box\(1, float32\); algorithms that fit Pendulum-v1: ppo, a2c, ddpg/) });
    await expect(cli('train.ts', ['--algo', 'ddpg', '--game', 'breakout'])).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/algorithms that fit Atari: dqn, ppo, a2c/) });
    await expect(cli('train_control.ts', ['--env', 'CartPole-v1', '--algo', 'ppo', '--num-minibatches', '3'])).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/--num-minibatches \(3\) must divide --num-envs x --num-steps \(512\)/) });
  }, 300_000);
});

describe('train --algo ppo (Atari)', () => {
  it("runs ppo_atari's agent on the native vector env and checkpoints it", async () => {
    const out = await cli('train.ts', ['--algo', 'ppo', '--game', 'breakout', '--runs-dir', runs, '--run-name', 'atari', '--num-envs', '2', '--num-steps', '16',
      '--total-steps', '64', '--num-minibatches', '2', '--update-epochs', '1', '--eval-episodes', '0', '--backend', 'wasm']);
    expect(out.stdout).toMatch(/eval: mean return n\/a over 0 episodes/);
    const dir = path.join(runs, 'atari');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'))).toMatchObject({ algo: 'ppo', game: 'breakout', clipCoef: 0.1, entCoef: 0.01 });
    const model = JSON.parse(fs.readFileSync(path.join(findLatestCheckpoint(dir)!, 'agent', 'model.json'), 'utf8'));
    const layers = model.modelTopology.config.layers.map((l: { class_name: string }) => l.class_name);
    expect(layers.filter((c: string) => c === 'Conv2D')).toHaveLength(3);
    expect(scalars(dir).some((s) => s.tag === 'losses/approx_kl')).toBe(true);

    // npm run render plays the trained agent; a classic-control agent or a wrong game is refused.
    const video = path.join(runs, 'ppo-agent.mp4');
    const shown = await cli('render.ts', ['--game', 'breakout', '--checkpoint', dir, '--episodes', '1', '--max-steps', '30', '--epsilon', '0', '--out', video]);
    expect(shown.stdout).toMatch(/episode 1\/1: score \d+, 30 steps/);
    expect(fs.statSync(video).size).toBeGreaterThan(1000);
    await expect(cli('render.ts', ['--game', 'pong', '--checkpoint', dir, '--out', video])).rejects.toMatchObject({ stderr: expect.stringMatching(/an agent for breakout, not pong/) });
  }, 300_000);
});
