// npm run bench:ppo [-- --backend wasm --iterations 2 --game breakout]: ppo_atari's training
// loop on the native vector env (8 envs x 128 steps, 4 epochs x 4 minibatches of 256, Nature
// CNN): agent steps per second over whole iterations and the time of each phase (acting and
// stepping the envs, GAE, the update), with PyTorch's time for the same minibatch update
// (scripts/torch_ppo_reference.py) measured in the same run when a python3 with torch exists.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/tf/backend.ts';
import { Rng } from '../src/env/rng.ts';
import { buildActorCritic } from '../src/agents/actor_critic.ts';
import { RolloutBuffer } from '../src/agents/rollout_buffer.ts';
import { RolloutCollector } from '../src/agents/on_policy.ts';
import { makeAtariRolloutEnv } from '../src/agents/rollout_envs.ts';
import { ppoAtariDefaults, ppoUpdate } from '../src/agents/ppo.ts';
import { findRom } from '../src/env/roms.ts';
import { parseFlags, ranges, runCli, usage } from '../src/cli/flags.ts';

const spec = { defaults: { backend: 'auto', iterations: 2, game: 'breakout', help: false }, ranges: { iterations: ranges.count } };

async function main(): Promise<void> {
  const { config: o } = parseFlags(process.argv.slice(2), spec);
  if (o.help) return void console.log(usage('npm run bench:ppo --', spec));
  const { iterations, game } = o;
  findRom(game); // a missing ROM fails here with where to put it
  const c = { ...ppoAtariDefaults, game };
  const backend = await selectBackend(o.backend);
  console.log(`${backend.description}\nppo_atari on ${game}: ${c.numEnvs} envs x ${c.numSteps} steps, ${c.updateEpochs} epochs x ${c.numMinibatches} minibatches of ${(c.numEnvs * c.numSteps) / c.numMinibatches}`);

  const env = makeAtariRolloutEnv(game, c.numEnvs);
  const model = buildActorCritic({ network: 'nature-cnn', obsShape: env.obsShape, action: env.action, seed: 1 });
  const opt = tf.train.adam(c.learningRate, 0.9, 0.999, 1e-5);
  const rng = new Rng(1);
  const buffer = new RolloutBuffer(c.numSteps, c.numEnvs, env.obsSize, 1, 'uint8');
  const collector = new RolloutCollector(env, buffer, rng, { gamma: c.gamma, gaeLambda: c.gaeLambda, bootstrapTruncation: true });
  collector.reset(1);
  let rollout = 0, update = 0, steps = 0;
  for (let it = 0; it < iterations; ++it) {
    let t = performance.now();
    steps = await collector.collect(model, steps); // includes GAE, timed below on its own
    rollout += performance.now() - t;
    t = performance.now();
    await ppoUpdate(model, opt, buffer, env.action, c, rng);
    update += performance.now() - t;
  }
  let t = performance.now();
  for (let i = 0; i < 10; ++i) buffer.computeReturnsAndAdvantages(new Float32Array(c.numEnvs), new Float32Array(c.numEnvs), c.gamma, c.gaeLambda);
  const gae = (performance.now() - t) / 10;
  env.close();
  const perMinibatch = update / iterations / (c.updateEpochs * c.numMinibatches);
  console.log(`agent steps/s over ${iterations} iterations: ${((steps * 1000) / (rollout + update)).toFixed(1)}`);
  console.log(`per iteration: rollout (acting + envs) ${(rollout / iterations / 1000).toFixed(2)} s, GAE ${gae.toFixed(2)} ms, update ${(update / iterations / 1000).toFixed(2)} s (${perMinibatch.toFixed(0)} ms per minibatch)`);

  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'torch_ppo_reference.py');
  const py = [process.env.TORCH_PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => !!p)
    .find((p) => spawnSync(p, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);
  if (!py) console.log('PyTorch: no python3 with torch found (apt-get install python3-torch, or set TORCH_PYTHON)');
  else {
    const r = spawnSync(py, [script, '--minibatch', String((c.numEnvs * c.numSteps) / c.numMinibatches)], { encoding: 'utf8' });
    if (r.status !== 0) console.log(`PyTorch: torch_ppo_reference.py failed: ${(r.stderr || '').trim().split('\n').pop()}`);
    else {
      const ref = JSON.parse(r.stdout.trim().split('\n').pop()!) as { minibatch_ms: number; torch: string; threads: number };
      console.log(`PyTorch ${ref.torch} CPU (${ref.threads} threads), same run: ${ref.minibatch_ms.toFixed(0)} ms per minibatch (PyTorch/this = ${(ref.minibatch_ms / perMinibatch).toFixed(2)}x)`);
    }
  }
}

await runCli(main, () => usage('npm run bench:ppo --', spec));
