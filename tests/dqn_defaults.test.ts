// train:breakout's defaults are CleanRL's dqn_atari.py (its Args dataclass and the evaluation it
// runs), --help says where each comes from, and the parts behind them compute what PyTorch's do:
// the MSE loss and the layer initialisation.
import { execFile } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import './paths.ts';
import { repoRoot } from '../src/native.ts';
import { selectBackend } from '../src/tf/backend.ts';
import { buildQNetwork, defaultDqnConfig, DQN_FLAG_HELP, makeOptimizer, trainStep } from '../src/agents/dqn.ts';
import { DQN_PRESETS } from '../src/agents/dqn_presets.ts';

const exec = promisify(execFile);

describe('DQN defaults', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it("are CleanRL dqn_atari.py's", () => {
    // Args of cleanrl/dqn_atari.py, then evaluate(eval_episodes=10, epsilon=args.end_e) after training.
    expect(defaultDqnConfig).toMatchObject({
      game: 'breakout', seed: 1, totalSteps: 10_000_000, learningRate: 1e-4, bufferSize: 1_000_000, gamma: 0.99, tau: 1,
      targetUpdateFrequency: 1000, batchSize: 32, epsilonStart: 1, epsilonEnd: 0.01, explorationFraction: 0.1,
      learningStarts: 80_000, trainFrequency: 4, epsilonSchedule: 'linear',
      network: 'nature', init: 'torch', loss: 'mse', optimizer: 'adam', maxGradNorm: 0, double: false, dueling: false,
      nStep: 1, prioritized: false, evalEpisodes: 10, evalEpsilon: 0.01,
      maxEpisodeFrames: 0, // gym.make('BreakoutNoFrameskip-v4') only has the 400,000-step TimeLimit
    });
    const adam = makeOptimizer(defaultDqnConfig).getConfig();
    expect(adam).toEqual({ learningRate: 1e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }); // torch.optim.Adam's
  });

  it('--help gives every flag a line that says where its default comes from', async () => {
    const { stdout } = await exec(path.join(repoRoot, 'node_modules', '.bin', 'tsx'), ['src/cli/train.ts', '--help'], { cwd: repoRoot });
    for (const [key, help] of Object.entries(DQN_FLAG_HELP)) {
      const flag = key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
      expect(stdout).toContain(`--${flag} `);
      expect(stdout).toContain(help);
      expect(help, key).toMatch(/CleanRL|PyTorch|Mnih|Schaul|SB3|tutorial/);
    }
    expect(stdout).toMatch(/--loss huber\|mse {2}default "mse"\n {6}mse: CleanRL F.mse_loss/);
    for (const extra of ['--resume-from', '--stop-at', '--backend']) expect(stdout).toContain(extra);
  });

  it('--preset fast replaces those defaults and no others; a flag given beside it still wins', async () => {
    const runs = fs.mkdtempSync(path.join(os.tmpdir(), 'preset-'));
    // Short enough to end before learning starts: what is checked is the configuration the run recorded.
    await exec(path.join(repoRoot, 'node_modules', '.bin', 'tsx'), ['src/cli/train.ts', '--preset', 'fast', '--n-step', '2', '--total-steps', '400',
      '--learning-starts', '400', '--buffer-size', '1000', '--eval-episodes', '0', '--runs-dir', runs, '--run-name', 'p', '--quiet'], { cwd: repoRoot });
    const saved = JSON.parse(fs.readFileSync(path.join(runs, 'p', 'config.json'), 'utf8'));
    const given = { nStep: 2, totalSteps: 400, learningStarts: 400, bufferSize: 1000, evalEpisodes: 0 };
    expect(saved).toMatchObject({ ...defaultDqnConfig, ...DQN_PRESETS.fast, ...given });
    for (const [k, v] of Object.entries(DQN_PRESETS.fast)) if (!(k in given)) expect(v, k).not.toEqual(defaultDqnConfig[k as keyof typeof defaultDqnConfig]);
    await expect(exec(path.join(repoRoot, 'node_modules', '.bin', 'tsx'), ['src/cli/train.ts', '--preset', 'fastest'], { cwd: repoRoot }))
      .rejects.toMatchObject({ code: 2, stderr: "error: --preset must be one of fast, got 'fastest'\n" });
  }, 120_000);

  it("initialises layers as PyTorch's Conv2d and Linear: weights and biases uniform within 1/sqrt(fan_in)", () => {
    const net = buildQNetwork(4, { network: 'nature', dueling: false, seed: 1 });
    const fanIns = [8 * 8 * 4, 4 * 4 * 32, 3 * 3 * 64, 3136, 512];
    const layers = net.layers.filter((l) => l.getWeights().length === 2);
    expect(layers).toHaveLength(5);
    layers.forEach((l, i) => {
      const bound = 1 / Math.sqrt(fanIns[i]);
      for (const w of l.getWeights()) {
        const v = w.dataSync() as Float32Array;
        const max = v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
        expect(max, `${l.name} ${w.shape}`).toBeLessThanOrEqual(bound);
        // Spread over the range (biases too, which tfjs would leave at zero); 4 output biases may stay nearer 0.
        expect(max, `${l.name} ${w.shape}`).toBeGreaterThan((v.length >= 32 ? 0.8 : 0.05) * bound);
      }
    });
    // He uniform stays available.
    const he = buildQNetwork(4, { network: 'nature', dueling: false, seed: 1, init: 'he' });
    const [kernel, bias] = he.layers.find((l) => l.getWeights().length === 2)!.getWeights();
    expect(bias.dataSync().every((b) => b === 0)).toBe(true);
    expect(Math.max(...kernel.dataSync())).toBeGreaterThan(1 / Math.sqrt(256));
  });

  it('the loss is the mean squared TD error against the target network (F.mse_loss); huber is smooth L1', () => {
    const net = () => buildQNetwork(4, { network: 'small', dueling: false, seed: 1 });
    const target = buildQNetwork(4, { network: 'small', dueling: false, seed: 2 });
    const n = 3, size = 4 * 84 * 84;
    const batch = {
      size: n, obs: Uint8Array.from({ length: n * size }, (_, i) => (i * 7) % 256), nextObs: Uint8Array.from({ length: n * size }, (_, i) => (i * 13) % 256),
      actions: Int32Array.from([0, 3, 1]), rewards: Float32Array.from([1, 0, -3]), dones: Float32Array.from([0, 1, 0]),
      discounts: Float32Array.from([0.99, 0.99, 0.99]), weights: Float32Array.from([1, 1, 1]),
    };
    const online = net();
    const q = (online.predict(tf.tensor(batch.obs, [n, 4, 84, 84])) as tf.Tensor).arraySync() as number[][];
    const qt = (target.predict(tf.tensor(batch.nextObs, [n, 4, 84, 84])) as tf.Tensor).arraySync() as number[][];
    let mse = 0, huber = 0;
    for (let i = 0; i < n; ++i) {
      const err = Math.abs(batch.rewards[i] + 0.99 * (1 - batch.dones[i]) * Math.max(...qt[i]) - q[i][batch.actions[i]]);
      mse += err ** 2 / n;
      huber += (err < 1 ? 0.5 * err ** 2 : err - 0.5) / n;
    }
    expect(Math.abs(huber - mse / 2)).toBeGreaterThan(0.1); // one error above 1: the two losses differ
    expect(trainStep(online, target, makeOptimizer(defaultDqnConfig), batch, { ...defaultDqnConfig }, 4).loss).toBeCloseTo(mse, 5);
    expect(trainStep(net(), target, makeOptimizer(defaultDqnConfig), batch, { ...defaultDqnConfig, loss: 'huber' }, 4).loss).toBeCloseTo(huber, 5);
  });
});
