// npm run bench:env -- [--steps N]: agent steps per second of the full DeepMind pipeline
// (BreakoutNoFrameskip-v4, noop reset, skip 4 with max-pool, 84x84, stack 4) on one env, and the
// share of step time spent in preprocessing (max-pool + gray + resize) relative to emulation.
import { make, type AtariEnv } from '../src/index.ts';
import { native } from '../src/native.ts';
import { wrapDeepMind } from '../src/wrappers/atari_wrappers.ts';

const i = process.argv.indexOf('--steps');
const steps = i >= 0 ? Number(process.argv[i + 1]) : 5000;
if (!Number.isInteger(steps) || steps <= 0) {
  console.error('bench:env: --steps needs a positive integer');
  process.exit(2);
}

for (const game of ['Breakout', 'Pong', 'Seaquest']) {
  const env = wrapDeepMind(make(`${game}NoFrameskip-v4`, { obsType: 'none' }) as AtariEnv);
  env.reset({ seed: 0 });
  const n = env.actionSpace as unknown as { n: number };
  let t0 = process.hrtime.bigint();
  for (let s = 0; s < steps; ++s) {
    const r = env.step(s % n.n);
    if (r.terminated || r.truncated) env.reset();
  }
  const sps = steps / (Number(process.hrtime.bigint() - t0) / 1e9);

  // Preprocessing alone, as the pipeline runs it: two raw screens -> max-pooled 84x84 gray.
  const raw = make(`${game}NoFrameskip-v4`) as AtariEnv;
  raw.reset({ seed: 0 });
  const ale = (raw.unwrapped as AtariEnv).ale;
  raw.step(0);
  const a = ale.getScreen().slice();
  raw.step(0);
  const b = ale.getScreen().slice();
  const small = new Uint8Array(84 * 84);
  const reps = 2000;
  t0 = process.hrtime.bigint();
  for (let k = 0; k < reps; ++k) native().warpScreen(b, a, 'sb3', 84, small);
  const preUs = Number(process.hrtime.bigint() - t0) / 1e3 / reps;
  const stepUs = 1e6 / sps;
  console.log(`${game}: ${sps.toFixed(0)} agent steps/s (${(sps * 4).toFixed(0)} frames/s); preprocessing ${preUs.toFixed(1)} us per step = ${((100 * preUs) / (stepUs - preUs)).toFixed(1)}% of the rest of the step`);
}
