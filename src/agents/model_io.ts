// Models and optimizer state as files in TensorFlow.js's own format (model.json + weights.bin),
// without tfjs-node's file:// handler, so saving works on every backend.
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import './layers.ts';

/** Write model.json and weights.bin into dir (which must exist). */
export async function saveModel(model: tf.LayersModel, dir: string): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = Buffer.from(artifacts.weightData as ArrayBuffer);
      const json = {
        modelTopology: artifacts.modelTopology,
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
        convertedBy: null,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
      };
      fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
      fs.writeFileSync(path.join(dir, 'weights.bin'), weights);
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
}

/** Load a model written by saveModel (or any tfjs layers model.json with one weights file). */
export async function loadModel(dir: string): Promise<tf.LayersModel> {
  const file = path.join(dir, 'model.json');
  if (!fs.existsSync(file)) throw new Error(`no model.json in ${dir}: not a checkpoint directory`);
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  const specs = json.weightsManifest.flatMap((g: { weights: tf.io.WeightsManifestEntry[] }) => g.weights);
  const bin = fs.readFileSync(path.join(dir, 'weights.bin'));
  const data = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData: data }));
}

// Adam keeps beta1^t and beta2^t as running float32 products, and setWeights() recomputes them with
// pow(), which can differ in the last bit; they are saved as they are and put back, so a resumed run
// takes the same steps as one that never stopped.
const RUNNING_POWERS = ['accBeta1', 'accBeta2'] as const;
type WithPowers = Partial<Record<(typeof RUNNING_POWERS)[number], tf.Variable>>;

/** Optimizer slots (moments, iteration count) as optimizer.json + optimizer.bin. */
export async function saveOptimizer(opt: tf.Optimizer, dir: string): Promise<void> {
  const named = await opt.getWeights();
  const { data, specs } = await tf.io.encodeWeights(named);
  // getWeights() makes a new scalar for the iteration count on every call; the slots are the optimizer's own.
  for (const w of named) if (w.name === 'iter') w.tensor.dispose();
  const powers: Record<string, number> = {};
  for (const k of RUNNING_POWERS) {
    const v = (opt as unknown as WithPowers)[k];
    if (v) powers[k] = (await v.data())[0];
  }
  fs.writeFileSync(path.join(dir, 'optimizer.json'), JSON.stringify({ className: opt.getClassName(), specs, powers }));
  fs.writeFileSync(path.join(dir, 'optimizer.bin'), Buffer.from(data));
}

export async function loadOptimizer(opt: tf.Optimizer, dir: string): Promise<void> {
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'optimizer.json'), 'utf8'));
  if (meta.className !== opt.getClassName())
    throw new Error(`checkpoint optimizer is ${meta.className}, this run uses ${opt.getClassName()}; pass the same --optimizer`);
  const bin = fs.readFileSync(path.join(dir, 'optimizer.bin'));
  const tensors = tf.io.decodeWeights(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength), meta.specs);
  await opt.setWeights(meta.specs.map((s: tf.io.WeightsManifestEntry) => ({ name: s.name, tensor: tensors[s.name] })));
  for (const k of RUNNING_POWERS) {
    const v = (opt as unknown as WithPowers)[k];
    if (v && typeof meta.powers?.[k] === 'number') tf.tidy(() => v.assign(tf.scalar(meta.powers[k])));
  }
}

/** Create an optimizer's slot variables with a zero step, so saved slots can be loaded into it. */
export function primeOptimizer(model: tf.LayersModel, opt: tf.Optimizer): void {
  tf.tidy(() => {
    const zeros: tf.NamedTensorMap = {};
    for (const w of model.trainableWeights) zeros[(w.read() as tf.Variable).name] = tf.zerosLike(w.read());
    opt.applyGradients(zeros);
  });
}
