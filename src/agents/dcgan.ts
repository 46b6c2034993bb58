// A DCGAN (Radford et al. 2015) that learns to draw Atari screenshots, after chapter 3 of Deep
// Reinforcement Learning Hands-On: generator from a 100-d latent through transposed
// convolutions to 64x64x3 with tanh, discriminator of 4x4 stride-2 convolutions with a sigmoid
// output, binary cross-entropy, Adam. Read top to bottom: networks, one training iteration, the loop.
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { readFloats, syncReads } from '../tf/read.ts';
import { Rng } from '../env/rng.ts';
import { AtariScreenSource } from './atari_screens.ts';
import { imageGridPng } from '../logging/image_grid.ts';
import { loadModel, loadOptimizer, primeOptimizer, saveModel, saveOptimizer } from './model_io.ts';
import type { RunLogger } from '../logging/run.ts';

export interface GanConfig {
  games: string;            // comma-separated game ids
  seed: number;
  iterations: number;
  batchSize: number;
  latentSize: number;
  generatorFilters: string; // comma-separated, widest first (the last transposed conv outputs RGB)
  discriminatorFilters: string;
  learningRate: number;
  beta1: number;
  beta2: number;
  leakySlope: number;
  reportEvery: number;      // iterations between loss lines and TensorBoard scalars
  imageEvery: number;       // iterations between image grids (PNG + TensorBoard)
  checkpointEvery: number;
}

export const defaultGanConfig: GanConfig = {
  games: 'breakout,air_raid,pong',
  seed: 1,
  iterations: 100_000,
  batchSize: 16,
  latentSize: 100,
  generatorFilters: '512,256,128,64',
  discriminatorFilters: '64,128,256,512',
  learningRate: 1e-4,
  beta1: 0.5,
  beta2: 0.999,
  leakySlope: 0.2,
  reportEvery: 100,
  imageEvery: 1000,
  checkpointEvery: 5000,
};

const IMAGE = 64;
const list = (s: string) => s.split(',').map((x) => Number(x.trim()));

// ---------------------------------------------------------------------------------------------
// Networks (NHWC). DCGAN's initialisation: weights N(0, 0.02), batch-norm gamma N(1, 0.02).

export function buildGenerator(c: Pick<GanConfig, 'latentSize' | 'generatorFilters' | 'seed'>): tf.LayersModel {
  let seed = c.seed * 1009;
  const w = () => tf.initializers.randomNormal({ mean: 0, stddev: 0.02, seed: seed++ });
  const bn = () => tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5, gammaInitializer: tf.initializers.randomNormal({ mean: 1, stddev: 0.02, seed: seed++ }) });
  const filters = list(c.generatorFilters);
  const m = tf.sequential();
  // 1x1 latent -> 4x4, then each stride-2 layer doubles the side: 4 * 2^(layers) = 64.
  m.add(tf.layers.reshape({ targetShape: [1, 1, c.latentSize], inputShape: [c.latentSize] }));
  filters.forEach((f, i) => {
    m.add(tf.layers.conv2dTranspose({ filters: f, kernelSize: 4, strides: i === 0 ? 1 : 2, padding: i === 0 ? 'valid' : 'same', useBias: false, kernelInitializer: w() }));
    m.add(bn());
    m.add(tf.layers.reLU());
  });
  m.add(tf.layers.conv2dTranspose({ filters: 3, kernelSize: 4, strides: 2, padding: 'same', activation: 'tanh', kernelInitializer: w() }));
  const side = m.outputs[0].shape[1];
  if (side !== IMAGE) throw new Error(`generator draws ${side}x${side} images with ${filters.length} layers; use 4 filter sizes for 64x64`);
  return m;
}

export function buildDiscriminator(c: Pick<GanConfig, 'discriminatorFilters' | 'leakySlope' | 'seed'>): tf.LayersModel {
  let seed = c.seed * 2003;
  const w = () => tf.initializers.randomNormal({ mean: 0, stddev: 0.02, seed: seed++ });
  const m = tf.sequential();
  list(c.discriminatorFilters).forEach((f, i) => {
    m.add(tf.layers.conv2d({ ...(i === 0 ? { inputShape: [IMAGE, IMAGE, 3] } : {}), filters: f, kernelSize: 4, strides: 2, padding: 'same', useBias: i === 0, kernelInitializer: w() }));
    if (i > 0) m.add(tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5, gammaInitializer: tf.initializers.randomNormal({ mean: 1, stddev: 0.02, seed: seed++ }) }));
    m.add(tf.layers.leakyReLU({ alpha: c.leakySlope }));
  });
  // The remaining 4x4 map -> one probability.
  m.add(tf.layers.conv2d({ filters: 1, kernelSize: 4, strides: 1, padding: 'valid', activation: 'sigmoid', kernelInitializer: w() }));
  m.add(tf.layers.flatten());
  return m;
}

const bce = (p: tf.Tensor, label: number) => tf.tidy(() => {
  const q = tf.clipByValue(p, 1e-7, 1 - 1e-7);
  return tf.neg(tf.mean(label === 1 ? tf.log(q) : tf.log(tf.sub(1, q)))) as tf.Scalar;
});

// ---------------------------------------------------------------------------------------------
// One iteration: the discriminator on a real batch (label 1) and a fake one (label 0), then the
// generator through the discriminator with the real label.

export interface Gan {
  gen: tf.LayersModel;
  dis: tf.LayersModel;
  genOpt: tf.Optimizer;
  disOpt: tf.Optimizer;
}

/** One iteration with its two losses read synchronously (the CPU backends; a GPU loop uses ganIterationTensors). */
export function ganIteration(g: Gan, real: Float32Array, batchSize: number, latentSize: number, rng: Rng): { dLoss: number; gLoss: number } {
  const losses = ganIterationTensors(g, real, batchSize, latentSize, rng);
  const [dLoss, gLoss] = losses.dataSync();
  losses.dispose();
  return { dLoss, gLoss };
}

/** One iteration; its losses [D, G] left on the backend for the caller to read (and dispose) when it wants them. */
export function ganIterationTensors(g: Gan, real: Float32Array, batchSize: number, latentSize: number, rng: Rng): tf.Tensor1D {
  const genVars = g.gen.trainableWeights.map((w) => w.read() as tf.Variable);
  const disVars = g.dis.trainableWeights.map((w) => w.read() as tf.Variable);
  const noise = () => tf.tensor2d(Float32Array.from({ length: batchSize * latentSize }, () => gaussian(rng)), [batchSize, latentSize]);
  return tf.tidy(() => {
    const x = tf.tensor4d(real, [batchSize, IMAGE, IMAGE, 3]);
    const fake = g.gen.apply(noise(), { training: true }) as tf.Tensor4D;
    const d = tf.variableGrads(() => tf.add(
      bce(g.dis.apply(x, { training: true }) as tf.Tensor, 1),
      bce(g.dis.apply(fake, { training: true }) as tf.Tensor, 0),
    ) as tf.Scalar, disVars);
    g.disOpt.applyGradients(d.grads);
    const z = noise();
    const gl = tf.variableGrads(() => bce(g.dis.apply(g.gen.apply(z, { training: true }) as tf.Tensor, { training: true }) as tf.Tensor, 1), genVars);
    g.genOpt.applyGradients(gl.grads);
    return tf.stack([d.value, gl.value]) as tf.Tensor1D;
  });
}

/** Standard normal draw (Box-Muller) from our seeded generator. */
export function gaussian(rng: Rng): number {
  const u = 1 - rng.random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.random());
}

export function latents(n: number, latentSize: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n * latentSize }, () => gaussian(rng));
}

/** drawImages on any backend (one read). */
export async function drawImagesAsync(gen: tf.LayersModel, z: Float32Array, latentSize: number): Promise<Float32Array> {
  const images = tf.tidy(() => gen.predict(tf.tensor2d(z, [z.length / latentSize, latentSize])) as tf.Tensor);
  return (await readFloats([images]).finally(() => images.dispose()))[0];
}

/** Images for given latent vectors, [n, 64, 64, 3] in [-1, 1] (batch norm in inference mode). */
export function drawImages(gen: tf.LayersModel, z: Float32Array, latentSize: number): Float32Array {
  return tf.tidy(() => (gen.predict(tf.tensor2d(z, [z.length / latentSize, latentSize])) as tf.Tensor).dataSync() as Float32Array);
}

// ---------------------------------------------------------------------------------------------
// Training loop with running-average losses, image grids, TensorBoard and checkpoints.

export async function trainGan(c: GanConfig, run: RunLogger, resumeFrom?: string): Promise<{ iterations: number; dLoss: number; gLoss: number }> {
  const games = c.games.split(',').map((s) => s.trim()).filter(Boolean);
  const g: Gan = {
    gen: resumeFrom ? await loadModel(path.join(resumeFrom, 'generator')) : buildGenerator(c),
    dis: resumeFrom ? await loadModel(path.join(resumeFrom, 'discriminator')) : buildDiscriminator(c),
    genOpt: tf.train.adam(c.learningRate, c.beta1, c.beta2),
    disOpt: tf.train.adam(c.learningRate, c.beta1, c.beta2),
  };
  let start = 0;
  if (resumeFrom) {
    const state = run.readJson<{ iteration: number }>(path.join(resumeFrom, 'state.json'));
    start = state.iteration;
    for (const [model, opt, dir] of [[g.gen, g.genOpt, 'generator'], [g.dis, g.disOpt, 'discriminator']] as const) {
      primeOptimizer(model, opt);
      await loadOptimizer(opt, path.join(resumeFrom, dir));
    }
    run.log(`resumed from ${resumeFrom} at iteration ${start}`);
  }
  const source = new AtariScreenSource(games, c.seed + start);
  const rng = new Rng(c.seed * 7 + start);
  const fixedZ = latents(64, c.latentSize, c.seed); // the same 64 faces of the latent space every time
  const avg = { d: NaN, g: NaN };
  const progress = run.progress(c.iterations, start, 'gan');
  let batch;
  let realGrid;
  const sync = syncReads();
  const pending: tf.Tensor[] = [];
  for (let it = start; it < c.iterations; ++it) {
    await new Promise((r) => setImmediate(r)); // an iteration takes seconds: let timers and I/O run between them
    batch = source.batch(c.batchSize, batch);
    pending.push(ganIterationTensors(g, batch.data, c.batchSize, c.latentSize, rng));
    const done = it + 1;
    const report = done % c.reportEvery === 0 || done === c.iterations;
    const image = done % c.imageEvery === 0 || done === c.iterations;
    const checkpoint = (c.checkpointEvery > 0 && done % c.checkpointEvery === 0) || done === c.iterations;
    // The CPU backends read every iteration; a GPU reads the losses of all iterations since the last
    // read in one go, when they are reported or a checkpoint is due (the averages come out the same).
    if (sync || report || image || checkpoint) {
      const read = await readFloats(pending).finally(() => tf.dispose(pending));
      for (let k = 0; k < read.length; ++k) {
        const [dLoss, gLoss] = read[k];
        if (!Number.isFinite(dLoss) || !Number.isFinite(gLoss))
          throw new Error(`losses became non-finite at iteration ${done - read.length + k} (D ${dLoss}, G ${gLoss}); lower --learning-rate`);
        avg.d = Number.isNaN(avg.d) ? dLoss : 0.98 * avg.d + 0.02 * dLoss;
        avg.g = Number.isNaN(avg.g) ? gLoss : 0.98 * avg.g + 0.02 * gLoss;
      }
      pending.length = 0;
    }
    if (report) {
      run.scalar('loss/discriminator', avg.d, done);
      run.scalar('loss/generator', avg.g, done);
      run.metrics({ iteration: done, d_loss: avg.d, g_loss: avg.g });
    }
    if (image) {
      const fake = await imageGridPng(await drawImagesAsync(g.gen, fixedZ, c.latentSize), 64, IMAGE);
      realGrid = source.batch(64, realGrid);
      const real = await imageGridPng(realGrid.data, 64, IMAGE);
      fs.writeFileSync(path.join(run.dir, `fake-${String(done).padStart(7, '0')}.png`), fake.png);
      fs.writeFileSync(path.join(run.dir, `real-${String(done).padStart(7, '0')}.png`), real.png);
      run.image('images/fake', fake, done);
      run.image('images/real', real, done);
    }
    progress.tick(done, { D: avg.d.toFixed(3), G: avg.g.toFixed(3) });
    if (checkpoint) {
      await run.checkpoint(done, async (dir) => {
        for (const [model, opt, name] of [[g.gen, g.genOpt, 'generator'], [g.dis, g.disOpt, 'discriminator']] as const) {
          fs.mkdirSync(path.join(dir, name));
          await saveModel(model, path.join(dir, name));
          await saveOptimizer(opt, path.join(dir, name));
        }
        run.writeJson(path.join(dir, 'state.json'), { iteration: done, latentSize: c.latentSize });
      });
    }
  }
  progress.finish();
  source.close();
  return { iterations: c.iterations, dLoss: avg.d, gLoss: avg.g };
}
