// npm run bench:dqn [-- --backends onednn,wasm --reps 50 --warmup 20 --chunk 5 --profile]: median time of one Nature-CNN
// DQN train step (batch 32 of 4x84x84 uint8 stacks, Adam, Huber, target-network forward included)
// and of forward passes at batch 32 and 1, on each backend that loads, as ratios against PyTorch on
// CPU doing the same step in the same run (scripts/torch_reference.py) with as many threads as the
// native backend uses, and with 1. Without a python3 that has torch only the absolute times are
// printed: a ratio to a figure from another host or run means nothing. --profile adds each
// backend's per-kernel times for one train step. Then train:breakout's loop with 1 env and with each
// of --loop-envs on the vector env, against a CleanRL-style PyTorch loop, with where its time goes.
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/tf/backend.ts';
import { readFloats } from '../src/tf/read.ts';
import { floatTensor } from '../src/tf/float_tensor.ts';
import { benchBackend } from './lib/bench_backend.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildQNetwork, defaultDqnConfig, makeOptimizer, trainDqn, trainStepTensors, type LoopTiming } from '../src/agents/dqn.ts';
import { RunLogger } from '../src/logging/run.ts';
import { findRom } from '../src/env/roms.ts';
import { Rng } from '../src/env/rng.ts';
import { parseFlags, ranges, runCli, usage, UsageError } from '../src/cli/flags.ts';
import { describeTorch, torchReference, torchServer, type TorchInfo, type TorchServer } from './lib/torch_reference.ts';
import { profileKernels } from './lib/kernel_profile.ts';
import { threadCount } from '../src/tf/onednn/addon.ts';

const spec = {
  defaults: { backends: 'tensorflow-gpu,webgpu,onednn,tensorflow,wasm,cpu', reps: 50, warmup: 20, chunk: 5, agentSteps: 4000, loopEnvs: '1,4', profile: false, help: false },
  ranges: { reps: ranges.count, warmup: ranges.count, chunk: ranges.count, agentSteps: ranges.countOrZero },
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const { config: o, given } = parseFlags(process.argv.slice(2), spec);
  if (o.help) return void console.log(usage('npm run bench:dqn --', spec));
  const backends = o.backends.split(',');
  const { reps, warmup, agentSteps } = o;
  const loopEnvs = o.loopEnvs.split(',').map(Number);
  if (loopEnvs.some((n) => !Number.isInteger(n) || n < 1 || n > 256)) throw new UsageError(`--loop-envs takes env counts within 1..256, e.g. 1,4; got '${o.loopEnvs}'`);
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

  const threads = threadCount();
  // This machine's speed drifts by up to 2x within minutes (other tenants), so a side timed in a
  // slow spell looks slower than it is. PyTorch therefore stays running beside us (one process per
  // thread count, warmed up as ours is) and the two sides take turns, --chunk timed steps at a time,
  // until each has --reps; each figure is the median over all of a side's steps.
  type TorchSteps = { train: number[]; forward: number[] };
  const torch: { t: number; server: TorchServer<TorchSteps> }[] = [];
  let torchMissing = '';
  for (const t of [...new Set([threads, 1])]) {
    const r = await torchServer<TorchSteps>('dqn-serve', ['--warmup', String(warmup), '--threads', String(t)]);
    if (r.server) torch.push({ t, server: r.server });
    else torchMissing = r.reason ?? 'unknown';
  }
  console.log(torch.length
    ? `Nature-CNN DQN step, batch ${B}: each backend takes turns with ${describeTorch(torch[0].server.info).replace(/ \(\d+ threads?, /, ' (')}, ` +
      `${o.chunk} timed steps at a time, ${reps} each in all (after ${warmup} untimed); medians`
    : `Nature-CNN DQN step, batch ${B}; no ratio to PyTorch: it was not measured in this run (${torchMissing}). ` +
      "The ratios in the README's Agents section come from runs that measured PyTorch alongside.");
  const loaded: string[] = [];
  // Between turns a pause, so that what one side leaves running (OpenMP threads spinning before
  // they sleep, a collector's background work) does not run into the other side's clock.
  const settle = () => new Promise((r) => setTimeout(r, 50));
  for (const name of backends) {
    let desc: string;
    try {
      desc = (await benchBackend(name, given.has('backends'))).description;
      loaded.push(name);
    } catch (e) {
      console.log(`${name}: not available (${(e as Error).message.split('\n')[0]})`);
      continue;
    }
    const online = buildQNetwork(4, { network: 'nature', dueling: false, seed: 1 });
    const target = buildQNetwork(4, { network: 'nature', dueling: false, seed: 2 });
    const opt = makeOptimizer({ optimizer: 'adam', learningRate: 1e-4 });
    const slow = name === 'cpu'; // the JS cpu backend takes close to a minute per step
    const r = slow ? Math.min(reps, 2) : reps;
    const chunk = slow ? 1 : o.chunk;
    const one = batch.obs.subarray(0, n);
    // Read back as the training loops do, so a GPU's queued work is inside the clock.
    const step = async () => {
      const out = trainStepTensors(online, target, opt, batch, { double: false, loss: 'huber', maxGradNorm: 0 }, 4);
      await readFloats([out.value]);
      tf.dispose([out.value, out.td, out.qMean]);
    };
    const forward = async (obs: Uint8Array, b: number) => {
      const y = tf.tidy(() => online.predict(floatTensor(obs, [b, 4, 84, 84])) as tf.Tensor);
      await readFloats([y]);
      y.dispose();
    };
    // The first steps of a process are slower (V8 compiles the hot paths, the array pool fills) and
    // a training run lives in the steps after them; PyTorch gets the same untimed steps.
    for (let i = 0; i < (slow ? 1 : warmup); ++i) {
      await step();
      await forward(batch.obs, B);
      await forward(one, 1);
    }
    const kernels = o.profile && !name.startsWith('tensorflow') ? profileKernels(tf.getBackend()) : undefined;
    let kernelReport = '';
    const train: number[] = [];
    const fwd: number[] = [];
    const fwd1: number[] = [];
    const theirs = torch.map(() => ({ train: [] as number[], forward: [] as number[] }));
    for (let done = 0; done < r; done += chunk) {
      const k = Math.min(chunk, r - done);
      for (const [i, { server }] of torch.entries()) {
        await settle();
        const got = await server.request(k);
        theirs[i].train.push(...got.train);
        theirs[i].forward.push(...got.forward);
      }
      await settle();
      for (let i = 0; i < k; ++i) {
        kernels?.reset();
        let t = performance.now();
        await step();
        train.push(performance.now() - t);
        if (kernels) kernelReport = kernels.report(15);
        t = performance.now();
        await forward(batch.obs, B);
        fwd.push(performance.now() - t);
        for (let j = 0; j < 10; ++j) {
          t = performance.now();
          await forward(one, 1);
          fwd1.push(performance.now() - t);
        }
      }
    }
    const tm = median(train), fm = median(fwd);
    const alongside = torch.map(({ t }, i) => {
      const ttm = median(theirs[i].train), tfm = median(theirs[i].forward);
      return `PyTorch ${t} thread${t === 1 ? '' : 's'} train ${ttm.toFixed(1)} ms, forward ${tfm.toFixed(1)} ms (PyTorch/this: train ${(ttm / tm).toFixed(2)}x, forward ${(tfm / fm).toFixed(2)}x)`;
    });
    console.log(`${desc}\n  train step ${tm.toFixed(1)} ms, forward batch ${B} ${fm.toFixed(1)} ms, batch 1 ${median(fwd1).toFixed(2)} ms (medians of ${r})` +
      (alongside.length ? `\n  alongside: ${alongside.join('; ')}` : ''));
    if (kernelReport) console.log(`  kernels of the last train step:\n${kernelReport.replace(/^/gm, '  ')}`);
    online.dispose();
    target.dispose();
  }
  for (const { server } of torch) server.close();

  // Agent steps per second of train:breakout's loop (acting, replay, train steps) once learning has
  // started, on the fastest backend that loads: one env as CleanRL, then N envs on the vector env,
  // once with CleanRL's one update per 4 transitions and once with SB3's convention (a train every 4
  // vector steps), against a CleanRL-style PyTorch loop in the same run.
  if (agentSteps > 0) {
    // The first of --backends that loaded (the fastest, in the default order), not the last one timed.
    const backend = await selectBackend(loaded[0] ?? 'auto');
    const learningStarts = Math.floor(agentSteps / 4);
    // One loop run takes a minute, too long to take turns with: PyTorch's loop runs before and after
    // ours and the faster of the two is the reference, which errs on PyTorch's side.
    type LoopTimes = { steps_per_s: number; learning_steps_per_s: number };
    const torchLoop = () => torchReference<LoopTimes>('loop', ['--steps', String(agentSteps), '--threads', String(threads)]);
    const before = torchLoop();
    const lines: { text: string; learning: number; parts: string }[] = [];
    const variants: { numEnvs: number; trainFrequency: number; gradientSteps: number; label: string }[] = [
      { numEnvs: 1, trainFrequency: 4, gradientSteps: 1, label: '1 env (CleanRL): a train step every 4 steps' },
      ...loopEnvs.filter((n) => n > 1).flatMap((n) => [
        ...(4 % n === 0 || n % 4 === 0 ? [{ numEnvs: n, trainFrequency: Math.max(1, 4 / n), gradientSteps: Math.max(1, n / 4),
          label: `${n} envs, CleanRL's one update per 4 transitions` }] : []),
        { numEnvs: n, trainFrequency: 4, gradientSteps: 1, label: `${n} envs, SB3's convention: a train step every 4 vector steps (${4 * n} transitions)` },
      ]),
    ];
    for (const v of variants) {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-dqn-'));
      const run = new RunLogger({ root, name: 'bench', quiet: true });
      const timing: LoopTiming = { steps: 0, act: 0, env: 0, replay: 0, sample: 0, train: 0, other: 0 };
      const r = await trainDqn({ ...defaultDqnConfig, totalSteps: agentSteps + learningStarts, learningStarts, bufferSize: 20_000,
        checkpointFrequency: 0, evalEpisodes: 0, evalVideos: 0, saveReplay: false, numEnvs: v.numEnvs, trainFrequency: v.trainFrequency,
        gradientSteps: v.gradientSteps }, run, undefined, { timing });
      run.close();
      fs.rmSync(root, { recursive: true, force: true });
      const { steps, ...parts } = timing;
      const total = Object.values(parts).reduce((a, b) => a + b, 0);
      const learning = (steps * 1000) / total;
      const text = `train:breakout loop on ${backend.name}, ${v.label}: ${r.stepsPerSecond.toFixed(1)} agent steps/s over ${agentSteps + learningStarts} steps, ` +
        `${learning.toFixed(1)} after learning starts`;
      // Where a second of the learning steps goes.
      const names: Record<keyof typeof parts, string> = {
        act: 'act (forward + read)', env: v.numEnvs > 1 ? 'env step (what the train step did not hide)' : 'env step/reset', replay: 'replay insert',
        sample: 'batch sampling', train: 'train step', other: 'logging, progress',
      };
      lines.push({ text, learning, parts: '  per second of loop: ' + Object.entries(parts).map(([k, ms]) => `${names[k as keyof typeof parts]} ${((ms / total) * 1000).toFixed(0)} ms`).join(', ') });
    }
    const after = torchLoop();
    const runs = [before.result, after.result].filter((x): x is LoopTimes & TorchInfo => !!x);
    const ref = runs.length ? runs.reduce((a, b) => (a.learning_steps_per_s >= b.learning_steps_per_s ? a : b)) : undefined;
    console.log(ref
      ? `CleanRL-style loop in ${describeTorch(ref)}, env stand-in of no cost, faster of before and after ours: ${ref.steps_per_s.toFixed(1)} steps/s, ` +
        `${ref.learning_steps_per_s.toFixed(1)} after learning starts (${runs.map((x) => x.learning_steps_per_s.toFixed(1)).join(', ')})`
      : `no PyTorch loop in this run (${before.reason})`);
    for (const { text, learning, parts } of lines)
      console.log(`${text}${ref ? ` (${(learning / ref.learning_steps_per_s).toFixed(2)}x PyTorch's loop)` : ''}\n${parts}`);
  }
}

await runCli(main, () => usage('npm run bench:dqn --', spec));
