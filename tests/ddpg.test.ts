// DDPG: the target networks track the online ones by Polyak averaging, and a small agent learns
// Pendulum-v1 far beyond a random policy in 8,000 steps.
import * as tf from '@tensorflow/tfjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

import { selectBackend } from '../src/tf/backend.ts';
import { buildActor, buildCritic, ddpgDefaults, ddpgTrainStep, trainDdpg } from '../src/agents/ddpg.ts';
import { RunLogger } from '../src/logging/run.ts';
import { make } from '../src/env/registry.ts';
import { Rng } from '../src/env/rng.ts';
import type { Env } from '../src/env/core.ts';

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('DDPG', () => {
  it('moves the targets tau of the way to the online networks, only on actor steps', () => {
    const agent = {
      actor: buildActor(3, 1, 8, 1), critic: buildCritic(3, 1, 8, 2), targetActor: buildActor(3, 1, 8, 3), targetCritic: buildCritic(3, 1, 8, 4),
      actorOpt: tf.train.adam(1e-3), criticOpt: tf.train.adam(1e-3), scale: tf.tensor1d([2]), bias: tf.tensor1d([0]),
    };
    const n = 8, rng = new Rng(1);
    const f = (k: number) => Float32Array.from({ length: k }, () => rng.uniform(-1, 1));
    const batch = { obs: f(n * 3), nextObs: f(n * 3), actions: f(n), rewards: f(n), dones: new Float32Array(n), size: n };
    const flat = (m: tf.LayersModel) => m.getWeights().flatMap((w) => Array.from(w.dataSync()));
    const before = flat(agent.targetCritic);
    ddpgTrainStep(agent as never, batch, { gamma: 0.99, tau: 0.1 }, false);
    expect(flat(agent.targetCritic)).toEqual(before);
    const targetBefore = flat(agent.targetActor);
    ddpgTrainStep(agent as never, batch, { gamma: 0.99, tau: 0.1 }, true);
    const online = flat(agent.actor), target = flat(agent.targetActor);
    target.forEach((w, i) => expect(w).toBeCloseTo(0.1 * online[i] + 0.9 * targetBefore[i], 5));
  });

  it('learns Pendulum-v1: greedy returns far above a random policy after 8,000 steps', async () => {
    const env = make('Pendulum-v1') as Env<Float32Array, Float32Array>;
    const rng = new Rng(3);
    const random: number[] = [];
    for (let e = 0; e < 10; ++e) {
      env.reset({ seed: 500 + e });
      let ret = 0;
      for (let done = false; !done;) {
        const r = env.step(Float32Array.of(rng.uniform(-2, 2)));
        ret += r.reward;
        done = r.truncated;
      }
      random.push(ret);
    }
    const run = new RunLogger({ root: fs.mkdtempSync(path.join(os.tmpdir(), 'ddpg-test-')), name: 'pendulum', quiet: true });
    const r = await trainDdpg({ ...ddpgDefaults, totalSteps: 8000, learningStarts: 1000, hidden: 64, batchSize: 64, learningRate: 1e-3,
      evalEpisodes: 5, evalVideos: 0, checkpointFrequency: 0 }, run);
    run.close();
    expect(mean(random)).toBeLessThan(-900);
    expect(mean(r.evalReturns)).toBeGreaterThan(-400);
  }, 600_000);
});
