// The agents' training steps compute the same thing on webgpu (Dawn, here on a software Vulkan) as
// on the JS cpu backend: same starting weights, same batch, plain SGD (Adam's first step is the sign
// of the gradient, which would hide a wrong gradient's size), then the losses and the weight updates.
// Tolerance: 1e-3 of the largest value compared (float32 sums in another order, not another result).
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { hasVulkan } from './helpers/vulkan.ts';
import { releaseBackend, selectBackend } from '../src/tf/backend.ts';
import { readFloats } from '../src/tf/read.ts';
import { Rng } from '../src/env/rng.ts';
import { buildQNetwork, trainStepTensors } from '../src/agents/dqn.ts';
import { buildActorCritic } from '../src/agents/actor_critic.ts';
import { RolloutBuffer } from '../src/agents/rollout_buffer.ts';
import { ppoDiscreteDefaults, ppoUpdate } from '../src/agents/ppo.ts';
import { buildDiscriminator, buildGenerator, ganIterationTensors } from '../src/agents/dcgan.ts';

const TOL = 1e-3;

function expectClose(name: string, got: ArrayLike<number>, want: ArrayLike<number>): void {
  expect(got.length, name).toBe(want.length);
  let scale = 0, worst = 0;
  for (let i = 0; i < want.length; ++i) scale = Math.max(scale, Math.abs(want[i]));
  for (let i = 0; i < want.length; ++i) worst = Math.max(worst, Math.abs(got[i] - want[i]));
  expect(scale, `${name}: nothing to compare`).toBeGreaterThan(0);
  expect(worst / scale, `${name}: largest difference ${worst} of ${scale}`).toBeLessThanOrEqual(TOL);
}

async function weights(m: tf.LayersModel): Promise<Float32Array[]> {
  return (await readFloats(m.getWeights())).map((w) => w.slice());
}

function setWeights(m: tf.LayersModel, w: Float32Array[]): void {
  m.setWeights(m.getWeights().map((t, i) => tf.tensor(w[i], t.shape)));
}

/** Runs `step` on cpu, then on webgpu, from the same weights; returns both backends' outputs and weight changes. */
async function onBoth(
  build: () => tf.LayersModel[], step: (models: tf.LayersModel[]) => Promise<Float32Array[]>,
): Promise<{ cpu: Float32Array[]; gpu: Float32Array[] }> {
  let start: Float32Array[][] | undefined;
  const out: Record<string, Float32Array[]> = {};
  for (const backend of ['cpu', 'webgpu']) {
    await selectBackend(backend);
    const models = build();
    if (start) models.forEach((m, i) => setWeights(m, start![i]));
    else start = await Promise.all(models.map(weights));
    const results = await step(models);
    const after = await Promise.all(models.map(weights));
    const deltas = after.flatMap((ws, i) => ws.map((w, j) => w.map((v, k) => v - start![i][j][k])));
    out[backend] = [...results, ...deltas];
    models.forEach((m) => m.dispose());
  }
  return { cpu: out.cpu, gpu: out.webgpu };
}

function compare(name: string, r: { cpu: Float32Array[]; gpu: Float32Array[] }, labels: string[]): void {
  r.cpu.forEach((want, i) => {
    // Weights a step leaves untouched (a discriminator's in the generator's half) change by 0 on both.
    if (i >= labels.length && want.every((v) => v === 0)) return expect(r.gpu[i].every((v) => v === 0), `${name} weight ${i - labels.length}`).toBe(true);
    expectClose(`${name} ${labels[i] ?? `weight ${i - labels.length} update`}`, r.gpu[i], want);
  });
}

describe.runIf(hasVulkan)('webgpu matches cpu', () => {
  afterAll(releaseBackend);
  it('the DQN train step on the Nature CNN (double DQN, Huber, gradient clipping)', async () => {
    const rng = new Rng(3);
    const n = 8, frame = 4 * 84 * 84;
    const bytes = (k: number) => Uint8Array.from({ length: k }, () => rng.integers(0, 256));
    const batch = {
      obs: bytes(n * frame), nextObs: bytes(n * frame), actions: Int32Array.from({ length: n }, () => rng.integers(0, 4)),
      rewards: Float32Array.from({ length: n }, () => rng.integers(-1, 2)), dones: Float32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0)),
      discounts: new Float32Array(n).fill(0.99), weights: new Float32Array(n).fill(1), size: n,
    };
    const r = await onBoth(
      () => [buildQNetwork(4, { network: 'nature', dueling: false, seed: 1 }), buildQNetwork(4, { network: 'nature', dueling: false, seed: 2 })],
      async ([online, target]) => {
        const t = trainStepTensors(online, target, tf.train.sgd(0.01), batch, { double: true, loss: 'huber', maxGradNorm: 1 }, 4);
        const got = await readFloats([t.value, t.qMean, t.td]);
        tf.dispose([t.value, t.qMean, t.td]);
        return got.map((v) => v.slice());
      },
    );
    compare('dqn', r, ['loss', 'mean Q', 'TD errors']);
  });

  it('a PPO update (2 epochs of 2 minibatches, CartPole MLP, clipped gradient norm)', async () => {
    const c = { ...ppoDiscreteDefaults, numEnvs: 2, numSteps: 16, numMinibatches: 2, updateEpochs: 2, maxGradNorm: 0.05 };
    const buffer = new RolloutBuffer(c.numSteps, c.numEnvs, 4, 1, 'float32');
    const rng = new Rng(5);
    const fill = (a: Float32Array, f: () => number) => a.forEach((_, i) => (a[i] = f()));
    fill(buffer.obs as Float32Array, () => rng.random() * 2 - 1);
    fill(buffer.actions, () => rng.integers(0, 2));
    fill(buffer.logProbs, () => Math.log(0.3 + 0.4 * rng.random()));
    fill(buffer.values, () => rng.random());
    fill(buffer.advantages, () => rng.random() * 2 - 1);
    fill(buffer.returns, () => rng.random() * 2);
    const r = await onBoth(
      () => [buildActorCritic({ network: 'mlp', obsShape: [4], action: { type: 'discrete', n: 2 }, seed: 1 })],
      async ([model]) => {
        const s = await ppoUpdate(model, tf.train.sgd(0.5), buffer, { type: 'discrete', n: 2 }, c, new Rng(9));
        return [Float32Array.of(s.pgLoss, s.vLoss, s.entropy, s.approxKl, s.clipfrac)];
      },
    );
    compare('ppo', r, ['losses']);
  });

  it('both DCGAN steps (discriminator, then generator) on a narrow DCGAN', async () => {
    const cfg = { latentSize: 8, generatorFilters: '8,8,4,4', discriminatorFilters: '4,4,8,8', leakySlope: 0.2, seed: 1 };
    const rng = new Rng(7);
    const real = Float32Array.from({ length: 2 * 64 * 64 * 3 }, () => rng.random() * 2 - 1);
    const r = await onBoth(
      () => [buildGenerator(cfg), buildDiscriminator(cfg)],
      async ([gen, dis]) => {
        const losses = ganIterationTensors({ gen, dis, genOpt: tf.train.sgd(0.05), disOpt: tf.train.sgd(0.05) }, real, 2, cfg.latentSize, new Rng(11));
        const got = (await readFloats([losses]))[0].slice();
        losses.dispose();
        return [got];
      },
    );
    compare('dcgan', r, ['D and G losses']);
  });
});
