// npm run bench:gan [-- --backends wasm,cpu --iterations 5]: DCGAN iterations per second (one
// discriminator and one generator update on a batch of real Atari screenshots) at batch 16 and 64,
// on each backend that loads. Data come from the real emulator, as in training.
import { selectBackend } from '../src/tf/backend.ts';
import { buildDiscriminator, buildGenerator, defaultGanConfig, ganIteration } from '../src/agents/dcgan.ts';
import { AtariScreenSource } from '../src/agents/atari_screens.ts';
import { Rng } from '../src/env/rng.ts';
import * as tf from '@tensorflow/tfjs';

const args = process.argv.slice(2);
const flag = (name: string, def: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : def; };
const backends = flag('backends', 'tensorflow-gpu,tensorflow,wasm,cpu').split(',');
const iterations = Number(flag('iterations', '5'));
const games = flag('games', 'breakout,pong').split(',');
const source = new AtariScreenSource(games, 1);

for (const name of backends) {
  let desc: string;
  try {
    desc = (await selectBackend(name)).description;
  } catch (e) {
    console.log(`${name}: not available (${(e as Error).message.split('\n')[0]})`);
    continue;
  }
  console.log(desc);
  for (const batch of [16, 64]) {
    const n = name === 'cpu' ? 1 : iterations; // the JS cpu backend takes minutes per iteration at batch 64
    const gan = {
      gen: buildGenerator(defaultGanConfig), dis: buildDiscriminator(defaultGanConfig),
      genOpt: tf.train.adam(1e-4, 0.5, 0.999), disOpt: tf.train.adam(1e-4, 0.5, 0.999),
    };
    const rng = new Rng(1);
    const data = source.batch(batch);
    ganIteration(gan, data.data, batch, 100, rng); // warm-up
    const t = performance.now();
    for (let i = 0; i < n; ++i) ganIteration(gan, source.batch(batch, data).data, batch, 100, rng);
    const s = (performance.now() - t) / 1000;
    console.log(`  batch ${batch}: ${(n / s).toFixed(3)} iterations/s (${((s / n) * 1000).toFixed(0)} ms each, ${n} timed)`);
    gan.gen.dispose();
    gan.dis.dispose();
  }
}
source.close();
