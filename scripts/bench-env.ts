// npm run bench:env -- [--steps N] [--envs N]: agent steps per second of the full DeepMind pipeline
// (NoFrameskip-v4, noop reset, skip 4 with max-pool, 84x84, stack 4) on one env, then on the native
// vector env with 1, 2 and 4 threads, and the share of step time spent in preprocessing
// (max-pool + gray + resize) relative to the rest of the step.
import { AtariVectorEnv, make, type AtariEnv } from '../src/index.ts';
import { native } from '../src/native.ts';
import { wrapDeepMind } from '../src/wrappers/atari_wrappers.ts';
import { findRom } from '../src/env/roms.ts';
import { parseFlags, ranges, runCli, usage } from '../src/cli/flags.ts';

const spec = { defaults: { steps: 5000, envs: 8, help: false }, ranges: { steps: ranges.count, envs: ranges.count } };
const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

async function main(): Promise<void> {
  const { config: o } = parseFlags(process.argv.slice(2), spec);
  if (o.help) return void console.log(usage('npm run bench:env --', spec));
  const { steps, envs: numEnvs } = o;
  const GAMES = ['Breakout', 'Pong', 'Seaquest'];
  for (const game of GAMES) findRom(game.toLowerCase()); // a missing ROM is named before any timing
  console.log('agent steps per second; every ratio is to the one env of this run');

  for (const game of GAMES) {
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

    // Preprocessing alone, as the pipeline runs it: the raw screens of the last two frames of each
    // 4-frame step of real play -> max-pooled 84x84 gray, in play order (the warp reuses rows that
    // did not change since the previous step, so a fixed pair of screens would flatter it).
    const raw = make(id, { obsType: 'none' }) as AtariEnv;
    raw.reset({ seed: 0 });
    const ale = (raw.unwrapped as AtariEnv).ale;
    const pairs: [Uint8Array, Uint8Array][] = [];
    for (let s = 0; s < 400; ++s) {
      let a!: Uint8Array, b!: Uint8Array, done = false;
      for (let f = 0; f < 4; ++f) {
        const r = raw.step(s % n.n);
        if (f === 2) a = ale.getScreen();
        if (f === 3) b = ale.getScreen();
        done ||= r.terminated || r.truncated;
      }
      pairs.push([a, b]);
      if (done) raw.reset();
    }
    raw.close();
    const small = new Uint8Array(84 * 84);
    const reps = 5;
    t0 = process.hrtime.bigint();
    for (let k = 0; k < reps; ++k) for (const [a, b] of pairs) native().warpScreen(b, a, 'sb3', 84, small);
    const preUs = (seconds(t0) * 1e6) / (reps * pairs.length);
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
      const share = numThreads === 1 ? `; preprocessing = ${((100 * preUs) / (1e6 / vsps - preUs)).toFixed(1)}% of the rest of its step` : '';
      console.log(`  vector env, ${numEnvs} envs, ${numThreads} thread(s): ${vsps.toFixed(0)} agent steps/s (${(vsps / sps).toFixed(2)}x one env)${share}`);
    }
  }
}

await runCli(main, () => usage('npm run bench:env --', spec));
