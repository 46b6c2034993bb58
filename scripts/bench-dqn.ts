// npm run bench:dqn [-- --backends wasm,cpu --reps 10]: median time of one Nature-CNN DQN train
// step (batch 32 of 4x84x84 uint8 stacks, Adam, Huber, target-network forward included) and of a
// forward pass at batch 32, on each backend that loads, as ratios against PyTorch on CPU doing the
// same step in the same run (scripts/torch_reference.py). Without a python3 that has torch only
// the absolute times are printed: a ratio to a figure from another host or run means nothing.
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/tf/backend.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildQNetwork, defaultDqnConfig, makeOptimizer, trainDqn, trainStep } from '../src/agents/dqn.ts';
import { RunLogger } from '../src/logging/run.ts';
import { findRom } from '../src/env/roms.ts';
import { Rng } from '../src/env/rng.ts';
import { parseFlags, ranges, runCli, usage } from '../src/cli/flags.ts';
import { torchReference } from './lib/torch_reference.ts';

const spec = {
  defaults: { backends: 'tensorflow-gpu,tensorflow,wasm,cpu', reps: 10, agentSteps: 4000, help: false },
  ranges: { reps: ranges.count, agentSteps: ranges.countOrZero },
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const { config: o } = parseFlags(process.argv.slice(2), spec);
  if (o.help) return void console.log(usage('npm run bench:dqn --', spec));
  const backends = o.backends.split(',');
  const { reps, agentSteps } = o;
  if (agentSteps > 0) findRom(defaultDqnConfig.game); // the loop measurement needs it: say so before the minutes of timing

  const B = 32;
  const n = 4 * 84 * 84;
  const rng = new Rng(1);
  const batch = {
    obs: Uint8Array.from({ length: B * n }, () => rng.integers(0, 256)),
    nextObs: Uint8Array.from({ length: B * n }, () => rng.integers(0, 256)),
    actions: Int32Array.from({ length: B }, () => rng.integers(0, 4)),
    rewards: Float32Array.from({ length: B }, () => rng.integers(-1, 2)),
    dones: new Float32Array(B), discounts: new Float32Array(B).fill(0.99), weights: new Float32Array(B).fill(1), size: B,
  };

  const torch = torchReference<{ train_ms: number; forward_ms: number; torch: string; threads: number }>('dqn', ['--reps', String(reps)]);
  const ref = torch.result;
  console.log(ref
    ? `Nature-CNN DQN step, batch ${B}; PyTorch ${ref.torch} CPU (${ref.threads} threads), this run: train ${ref.train_ms.toFixed(0)} ms, forward ${ref.forward_ms.toFixed(0)} ms`
    : `Nature-CNN DQN step, batch ${B}; no ratio to PyTorch: it was not measured in this run (${torch.reason}). ` +
      "The ratios in the README's Agents section come from runs that measured PyTorch alongside.");
  for (const name of backends) {
    let desc: string;
    try {
      desc = (await selectBackend(name)).description;
    } catch (e) {
      console.log(`${name}: not available (${(e as Error).message.split('\n')[0]})`);
      continue;
    }
    const online = buildQNetwork(4, { network: 'nature', dueling: false, seed: 1 });
    const target = buildQNetwork(4, { network: 'nature', dueling: false, seed: 2 });
    const opt = makeOptimizer({ optimizer: 'adam', learningRate: 1e-4 });
    const r = name === 'cpu' ? Math.min(reps, 2) : reps; // the JS cpu backend takes close to a minute per step
    const train: number[] = [];
    const fwd: number[] = [];
    trainStep(online, target, opt, batch, { double: false, loss: 'huber', maxGradNorm: 0 }, 4); // warm-up
    for (let i = 0; i < r; ++i) {
      let t = performance.now();
      trainStep(online, target, opt, batch, { double: false, loss: 'huber', maxGradNorm: 0 }, 4);
      train.push(performance.now() - t);
      t = performance.now();
      tf.tidy(() => (online.predict(tf.tensor(batch.obs, [B, 4, 84, 84], 'float32')) as tf.Tensor).dataSync());
      fwd.push(performance.now() - t);
    }
    const tm = median(train);
    const fm = median(fwd);
    const ratio = (torchMs: number | undefined, ms: number) => (torchMs === undefined ? '' : ` (PyTorch/this = ${(torchMs / ms).toFixed(2)}x)`);
    console.log(`${desc}\n  train step ${tm.toFixed(0)} ms${ratio(ref?.train_ms, tm)}, forward ${fm.toFixed(0)} ms${ratio(ref?.forward_ms, fm)}, median of ${r}`);
    online.dispose();
    target.dispose();
  }

  // Agent steps per second of train:breakout's loop (acting, replay, a train step every 4 steps) once
  // learning has started, on the fastest backend that loads.
  if (agentSteps > 0) {
    const backend = await selectBackend('auto');
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-dqn-'));
    const run = new RunLogger({ root, name: 'bench', quiet: true });
    const learningStarts = Math.floor(agentSteps / 4);
    const r = await trainDqn({ ...defaultDqnConfig, totalSteps: agentSteps + learningStarts, learningStarts, bufferSize: 20_000,
      checkpointFrequency: 0, evalEpisodes: 0, evalVideos: 0 }, run);
    run.close();
    fs.rmSync(root, { recursive: true, force: true });
    console.log(`train:breakout loop on ${backend.name}: ${r.stepsPerSecond.toFixed(1)} agent steps/s over ${agentSteps + learningStarts} steps ` +
      `(${learningStarts} before learning starts, then a train step every 4)`);
  }
}

await runCli(main, () => usage('npm run bench:dqn --', spec));
