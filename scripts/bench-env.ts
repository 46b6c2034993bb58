// npm run bench:env -- [--steps N] [--envs N]: agent steps per second of the full DeepMind pipeline
// (NoFrameskip-v4, noop reset, skip 4 with max-pool, 84x84, stack 4) on one env, then on the native
// vector env with 1, 2 and 4 threads, and the share of step time spent in preprocessing
// (max-pool + gray + resize) relative to the rest of the step.
import { AtariVectorEnv, make, type AtariEnv } from '../src/index.ts';
import { native } from '../src/native.ts';
import { wrapDeepMind } from '../src/wrappers/atari_wrappers.ts';

function intFlag(name: string, def: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : def;
  if (!Number.isInteger(v) || v <= 0) {
    console.error(`bench:env: ${name} needs a positive integer`);
    process.exit(2);
  }
  return v;
}
const steps = intFlag('--steps', 5000);
const numEnvs = intFlag('--envs', 8);

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

for (const game of ['Breakout', 'Pong', 'Seaquest']) {
  const id = `${game}NoFrameskip-v4`;
  const env = wrapDeepMind(make(id, { obsType: 'none' }) as AtariEnv);
  env.reset({ seed: 0 });
  const n = env.actionSpace as unknown as { n: number };
  let t0 = process.hrtime.bigint();
  for (let s = 0; s < steps; ++s) {
    const r = env.step(s % n.n);
    if (r.terminated || r.truncated) env.reset();
  }
  const sps = steps / seconds(t0);
  env.close();

  // Preprocessing alone, as the pipeline runs it: two raw screens -> max-pooled 84x84 gray.
  const raw = make(id) as AtariEnv;
  raw.reset({ seed: 0 });
  const ale = (raw.unwrapped as AtariEnv).ale;
  raw.step(0);
  const a = ale.getScreen().slice();
  raw.step(0);
  const b = ale.getScreen().slice();
  raw.close();
  const small = new Uint8Array(84 * 84);
  const reps = 2000;
  t0 = process.hrtime.bigint();
  for (let k = 0; k < reps; ++k) native().warpScreen(b, a, 'sb3', 84, small);
  const preUs = (seconds(t0) * 1e6) / reps;
  const stepUs = 1e6 / sps;
  console.log(`${game}: one env ${sps.toFixed(0)} agent steps/s (${(sps * 4).toFixed(0)} frames/s); preprocessing ${preUs.toFixed(1)} us per step = ${((100 * preUs) / (stepUs - preUs)).toFixed(1)}% of the rest of the step`);

  // The vector env: the same number of agent steps over numEnvs envs.
  const batches = Math.max(1, Math.round(steps / numEnvs));
  const actions = new Int32Array(numEnvs);
  for (const numThreads of [1, 2, 4].filter((t) => t <= numEnvs)) {
    const v = new AtariVectorEnv(id, { numEnvs, numThreads });
    v.reset(0);
    t0 = process.hrtime.bigint();
    for (let s = 0; s < batches; ++s) {
      for (let i = 0; i < numEnvs; ++i) actions[i] = (s + i) % v.singleActionSpace.n;
      v.step(actions);
    }
    const vsps = (batches * numEnvs) / seconds(t0);
    v.close();
    console.log(`  vector env, ${numEnvs} envs, ${numThreads} thread(s): ${vsps.toFixed(0)} agent steps/s (${(vsps / sps).toFixed(2)}x one env)`);
  }
}
