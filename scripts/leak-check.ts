// npm run test:leaks [-- --cycles 10000 --train-steps 1000]: creates, resets and closes emulators
// over and over (every game in turn) and checks that resident memory stays flat: after a warm-up,
// growth must stay under a few MiB however many cycles run. Then, where the onednn backend is
// built, the same for Nature-CNN DQN train steps on it (batch 32): no tensor left behind and no
// native memory growth (oneDNN's primitive caches fill during the warm-up and then stay).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ALE } from '../src/index.ts';
import { native, repoRoot } from '../src/native.ts';
import { parseFlags, runCli, usage } from '../src/cli/flags.ts';

const spec = { defaults: { cycles: 10_000, trainSteps: 1000, help: false }, ranges: { cycles: { integer: true, min: 100 }, trainSteps: { integer: true, min: 0 } } };

async function main(): Promise<void> {
  const { config: o } = parseFlags(process.argv.slice(2), spec);
  if (o.help) return void console.log(usage('npm run test:leaks --', spec));
  const { cycles, trainSteps } = o;
  const games = (native().listGames() as { id: string }[]).map((g) => g.id).sort();
  const mib = () => process.memoryUsage().rss / 2 ** 20;
  const warmup = Math.min(1000, Math.floor(cycles / 5));
  let base = 0;
  const start = Date.now();
  for (let i = 0; i < cycles; ++i) {
    const ale = new ALE(games[i % games.length], { seed: i });
    ale.reset();
    for (let k = 0; k < 4; ++k) ale.act(0);
    ale.cloneState();
    ale.close();
    if (i + 1 === warmup) {
      global.gc?.();
      base = mib();
    }
    if ((i + 1) % 1000 === 0) console.log(`${i + 1} cycles: rss ${mib().toFixed(1)} MiB (${((Date.now() - start) / 1000).toFixed(0)} s)`);
  }
  global.gc?.();
  const growth = mib() - base;
  const limit = 16;
  console.log(`${cycles} create/reset/close cycles over ${games.length} games: rss grew ${growth.toFixed(1)} MiB after the first ${warmup} (limit ${limit} MiB)`);
  if (growth >= limit) throw new Error(`resident memory grew ${growth.toFixed(1)} MiB, over the ${limit} MiB limit: something leaks`);
  if (trainSteps > 0 && existsSync(path.join(repoRoot, 'build', 'Release', 'atari_onednn.node'))) await trainStepLeaks(trainSteps, mib);
}

async function trainStepLeaks(trainSteps: number, mib: () => number): Promise<void> {
  const tf = await import('@tensorflow/tfjs');
  const { selectBackend } = await import('../src/tf/backend.ts');
  const { buildQNetwork, makeOptimizer, trainStep } = await import('../src/agents/dqn.ts');
  console.log((await selectBackend('onednn')).description);
  const B = 32;
  const n = 4 * 84 * 84;
  const batch = {
    obs: Uint8Array.from({ length: B * n }, (_, i) => (i * 2654435761) >>> 24), nextObs: Uint8Array.from({ length: B * n }, (_, i) => (i * 40503) >>> 8),
    actions: Int32Array.from({ length: B }, (_, i) => i % 4), rewards: Float32Array.from({ length: B }, (_, i) => (i % 3) - 1),
    dones: Float32Array.from({ length: B }, (_, i) => (i % 7 === 0 ? 1 : 0)), discounts: new Float32Array(B).fill(0.99), weights: new Float32Array(B).fill(1), size: B,
  };
  const online = buildQNetwork(4, { network: 'nature', dueling: false, seed: 1 });
  const target = buildQNetwork(4, { network: 'nature', dueling: false, seed: 2 });
  const opt = makeOptimizer({ optimizer: 'adam', learningRate: 1e-4 });
  const warm = Math.min(100, Math.floor(trainSteps / 5));
  let tensors = 0;
  let base = 0;
  const t0 = Date.now();
  for (let i = 0; i < trainSteps; ++i) {
    trainStep(online, target, opt, batch, { double: true, loss: 'mse', maxGradNorm: 10 }, 4);
    if (i + 1 === warm) {
      global.gc?.();
      base = mib();
      tensors = tf.memory().numTensors;
    }
    if ((i + 1) % 200 === 0) console.log(`${i + 1} train steps: rss ${mib().toFixed(1)} MiB, ${tf.memory().numTensors} tensors (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  global.gc?.();
  const growth = mib() - base;
  const limit = 64;
  const leaked = tf.memory().numTensors - tensors;
  console.log(`${trainSteps} DQN train steps on onednn: rss grew ${growth.toFixed(1)} MiB after the first ${warm} (limit ${limit} MiB), ${leaked} tensors left behind`);
  if (leaked !== 0) throw new Error(`${leaked} tensors were left behind by ${trainSteps} train steps`);
  if (growth >= limit) throw new Error(`resident memory grew ${growth.toFixed(1)} MiB over ${trainSteps} train steps, over the ${limit} MiB limit: something leaks`);
}

await runCli(main, () => usage('npm run test:leaks --', spec));
