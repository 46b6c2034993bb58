// Run by webgpu_loop.test.ts in its own process (node --expose-gc), so that a crash in the driver is
// a failed test rather than a lost test worker: switches cpu -> webgpu six times, collecting garbage
// between products, and prints each round's product sum.
import * as tf from '@tensorflow/tfjs';
import { releaseBackend, selectBackend } from '../../src/tf/backend.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
for (let round = 0; round < 6; ++round) {
  await selectBackend('cpu');
  await selectBackend('webgpu');
  gc();
  let sum = 0;
  for (let k = 0; k < 20; ++k) {
    const x = tf.fill([64, 64], 0.5), y = tf.matMul(x, x);
    sum += (await y.data())[0];
    tf.dispose([x, y]);
  }
  gc();
  await new Promise((r) => setTimeout(r, 20));
  console.log(`round ${round}: ${sum}`);
}
await releaseBackend();
