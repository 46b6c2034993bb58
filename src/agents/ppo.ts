// Proximal Policy Optimization (Schulman et al. 2017), top to bottom like CleanRL's ppo.py,
// ppo_continuous_action.py and ppo_atari.py: the defaults of each, the clipped surrogate loss,
// the update epochs over shuffled minibatches, then the training loop.
// The rollout collection, GAE and checkpoints are shared with A2C (on_policy.ts, rollout_buffer.ts).
import * as tf from '@tensorflow/tfjs';
import { floatTensor } from '../tf/float_tensor.ts';
import { Rng } from '../env/rng.ts';
import type { RunLogger } from '../logging/run.ts';
import { buildActorCritic, evaluateActions, type ActionSpec } from './actor_critic.ts';
import { RolloutBuffer, explainedVariance } from './rollout_buffer.ts';
import { makeAtariRolloutEnv, makeControlEnv, type RolloutEnv } from './rollout_envs.ts';
import {
  RolloutCollector, evaluateAgent, gatherRows, loadAgentCheckpoint, saveAgentCheckpoint, shuffle, type OnPolicyState,
} from './on_policy.ts';
import { clipGradNorm, clipGradNormOnDevice } from './optimizers.ts';
import { readFloats, syncReads } from '../tf/read.ts';

export interface PpoConfig {
  env: string;              // classic-control id (CartPole-v1, MountainCarContinuous-v0, ...), unless game is set
  game: string;             // an Atari game id ('breakout'): the DeepMind pipeline and the Nature CNN
  seed: number;
  totalSteps: number;       // env steps over all envs
  learningRate: number;
  numEnvs: number;
  numSteps: number;         // steps per env per rollout
  annealLr: boolean;
  gamma: number;
  gaeLambda: number;
  numMinibatches: number;
  updateEpochs: number;
  normAdv: boolean;
  clipCoef: number;
  clipVloss: boolean;
  entCoef: number;
  vfCoef: number;
  maxGradNorm: number;
  targetKl: number;         // 0 = no early stop
  normalize: boolean;       // Box envs: CleanRL's observation and reward normalisation wrappers
  bootstrapTruncation: boolean; // bootstrap time-limit ends with V(last observation) instead of treating them as failures
  evalEpisodes: number;
  evalVideos: number;       // classic envs: evaluation episodes recorded to the run's videos/ folder
  checkpointFrequency: number; // env steps between checkpoints; 0 = only at the end
  maxEpisodeFrames: number; // Atari
}

const common = {
  env: '', game: '', seed: 1, annealLr: true, gamma: 0.99, gaeLambda: 0.95, normAdv: true, clipVloss: true, vfCoef: 0.5,
  maxGradNorm: 0.5, targetKl: 0, bootstrapTruncation: true, evalEpisodes: 10, evalVideos: 1, maxEpisodeFrames: 108_000,
};

/** ppo.py: CartPole-v1 and other discrete classic-control envs. */
export const ppoDiscreteDefaults: PpoConfig = {
  ...common, env: 'CartPole-v1', totalSteps: 500_000, learningRate: 2.5e-4, numEnvs: 4, numSteps: 128, numMinibatches: 4,
  updateEpochs: 4, clipCoef: 0.2, entCoef: 0.01, normalize: false, checkpointFrequency: 100_000,
};

/** ppo_continuous_action.py: Box actions, a Gaussian policy with a state-independent log std. */
export const ppoContinuousDefaults: PpoConfig = {
  ...common, env: 'MountainCarContinuous-v0', totalSteps: 1_000_000, learningRate: 3e-4, numEnvs: 1, numSteps: 2048,
  numMinibatches: 32, updateEpochs: 10, clipCoef: 0.2, entCoef: 0, normalize: true, checkpointFrequency: 100_000,
};

/** ppo_atari.py: 8 envs of the DeepMind pipeline, the Nature CNN trunk shared by both heads. */
export const ppoAtariDefaults: PpoConfig = {
  ...common, game: 'breakout', totalSteps: 10_000_000, learningRate: 2.5e-4, numEnvs: 8, numSteps: 128, numMinibatches: 4,
  updateEpochs: 4, clipCoef: 0.1, entCoef: 0.01, normalize: false, evalVideos: 0, checkpointFrequency: 500_000,
};

// ---------------------------------------------------------------------------------------------
// The loss on one minibatch.

export interface PpoMinibatch {
  oldLogProb: tf.Tensor1D;
  advantages: tf.Tensor1D;
  returns: tf.Tensor1D;
  oldValues: tf.Tensor1D;
}

export interface PpoLossTerms {
  loss: tf.Scalar;
  pgLoss: tf.Scalar;
  vLoss: tf.Scalar;
  entropy: tf.Scalar;
  oldApproxKl: tf.Scalar;
  approxKl: tf.Scalar;
  clipfrac: tf.Scalar;
}

/** The clipped surrogate objective, the (optionally clipped) value loss and the entropy bonus. */
export function ppoLoss(
  newLogProb: tf.Tensor1D, entropy: tf.Tensor1D, newValue: tf.Tensor1D, mb: PpoMinibatch,
  c: Pick<PpoConfig, 'clipCoef' | 'clipVloss' | 'normAdv' | 'entCoef' | 'vfCoef'>,
): PpoLossTerms {
  const logRatio = tf.sub(newLogProb, mb.oldLogProb);
  const ratio = tf.exp(logRatio);
  // Diagnostics (no gradient flows from them): http://joschu.net/blog/kl-approx.html
  const oldApproxKl = tf.mean(tf.neg(logRatio)) as tf.Scalar;
  const approxKl = tf.mean(tf.sub(tf.sub(ratio, 1), logRatio)) as tf.Scalar;
  const clipfrac = tf.mean(tf.cast(tf.greater(tf.abs(tf.sub(ratio, 1)), c.clipCoef), 'float32')) as tf.Scalar;

  let adv: tf.Tensor = mb.advantages;
  if (c.normAdv) {
    // torch's std() is the unbiased one (n - 1).
    const n = adv.shape[0]!;
    const m = tf.mean(adv);
    const std = tf.sqrt(tf.div(tf.sum(tf.square(tf.sub(adv, m))), Math.max(1, n - 1)));
    adv = tf.div(tf.sub(adv, m), tf.add(std, 1e-8));
  }
  const pg1 = tf.mul(tf.neg(adv), ratio);
  const pg2 = tf.mul(tf.neg(adv), tf.clipByValue(ratio, 1 - c.clipCoef, 1 + c.clipCoef));
  const pgLoss = tf.mean(tf.maximum(pg1, pg2)) as tf.Scalar;

  let vLoss: tf.Scalar;
  const unclipped = tf.square(tf.sub(newValue, mb.returns));
  if (c.clipVloss) {
    const vClipped = tf.add(mb.oldValues, tf.clipByValue(tf.sub(newValue, mb.oldValues), -c.clipCoef, c.clipCoef));
    vLoss = tf.mul(0.5, tf.mean(tf.maximum(unclipped, tf.square(tf.sub(vClipped, mb.returns))))) as tf.Scalar;
  } else {
    vLoss = tf.mul(0.5, tf.mean(unclipped)) as tf.Scalar;
  }
  const entropyLoss = tf.mean(entropy) as tf.Scalar;
  const loss = tf.add(tf.sub(pgLoss, tf.mul(c.entCoef, entropyLoss)), tf.mul(vLoss, c.vfCoef)) as tf.Scalar;
  return { loss, pgLoss, vLoss, entropy: entropyLoss, oldApproxKl, approxKl, clipfrac };
}

// ---------------------------------------------------------------------------------------------
// The update: updateEpochs passes over the rollout in shuffled minibatches.

export interface UpdateStats { pgLoss: number; vLoss: number; entropy: number; oldApproxKl: number; approxKl: number; clipfrac: number }

export async function ppoUpdate(model: tf.LayersModel, opt: tf.Optimizer, b: RolloutBuffer, action: ActionSpec, c: PpoConfig, rng: Rng): Promise<UpdateStats> {
  const batchSize = b.size;
  const mbSize = Math.floor(batchSize / c.numMinibatches);
  const inds = Int32Array.from({ length: batchSize }, (_, i) => i);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const obsShape = model.inputs[0].shape.slice(1) as number[];
  const clipfracs: number[] = [];
  const sync = syncReads();
  let last: Omit<UpdateStats, 'clipfrac'> = { pgLoss: NaN, vLoss: NaN, entropy: NaN, oldApproxKl: NaN, approxKl: NaN };
  for (let epoch = 0; epoch < c.updateEpochs; ++epoch) {
    shuffle(inds, rng);
    // The minibatches' diagnostics stay on the backend until the epoch ends: one read per epoch on a GPU.
    const pending: tf.Tensor[] = [];
    for (let start = 0; start + mbSize <= batchSize; start += mbSize) {
      const mb = inds.subarray(start, start + mbSize);
      pending.push(tf.tidy(() => {
        const obs = floatTensor(gatherRows(b.obs, b.obsSize, mb), [mbSize, ...obsShape]);
        const actions = tf.tensor(gatherRows(b.actions, b.actionSize, mb), [mbSize, b.actionSize]);
        const pick = (src: Float32Array) => tf.tensor1d(gatherRows(src, 1, mb));
        const batch: PpoMinibatch = { oldLogProb: pick(b.logProbs), advantages: pick(b.advantages), returns: pick(b.returns), oldValues: pick(b.values) };
        let diagnostics: tf.Tensor | undefined;
        const { grads } = tf.variableGrads(() => {
          const ev = evaluateActions(model, obs, actions, action);
          const t = ppoLoss(ev.logProb, ev.entropy, ev.value, batch, c);
          // variableGrads frees everything made in here but the loss: keep the diagnostics.
          diagnostics = tf.keep(tf.stack([t.pgLoss, t.vLoss, t.entropy, t.oldApproxKl, t.approxKl, t.clipfrac]));
          return t.loss;
        }, vars);
        if (sync) clipGradNorm(grads, c.maxGradNorm);
        else clipGradNormOnDevice(grads, c.maxGradNorm);
        opt.applyGradients(grads);
        return diagnostics!;
      }));
    }
    const read = await readFloats(pending).finally(() => tf.dispose(pending));
    for (const stats of read) {
      last = { pgLoss: stats[0], vLoss: stats[1], entropy: stats[2], oldApproxKl: stats[3], approxKl: stats[4] };
      clipfracs.push(stats[5]);
    }
    if (c.targetKl > 0 && last.approxKl > c.targetKl) break;
  }
  return { ...last, clipfrac: clipfracs.reduce((s, v) => s + v, 0) / clipfracs.length };
}

// ---------------------------------------------------------------------------------------------
// Training loop.

export interface TrainResult {
  model: tf.LayersModel;
  steps: number;
  episodes: number;
  trainReturns: number[]; // the last 100 training episodes' raw returns
  evalReturns: number[];
  stepsPerSecond: number;
}

export function makeTrainEnv(c: Pick<PpoConfig, 'env' | 'game' | 'numEnvs' | 'normalize' | 'gamma' | 'maxEpisodeFrames'>): RolloutEnv {
  return c.game
    ? makeAtariRolloutEnv(c.game, c.numEnvs, { maxEpisodeFrames: c.maxEpisodeFrames })
    : makeControlEnv(c.env, c.numEnvs, { normalize: c.normalize, gamma: c.gamma });
}

export async function trainPpo(c: PpoConfig, run: RunLogger, resumeFrom?: string): Promise<TrainResult> {
  const env = makeTrainEnv(c);
  const batchSize = c.numEnvs * c.numSteps;
  const numIterations = Math.floor(c.totalSteps / batchSize);
  const opt = tf.train.adam(c.learningRate, 0.9, 0.999, 1e-5);
  let model: tf.LayersModel;
  let state: OnPolicyState = { iteration: 0, globalStep: 0, episodes: 0, rng: c.seed };
  if (resumeFrom) {
    ({ model, state } = await loadAgentCheckpoint(resumeFrom, opt));
    env.loadState(state.envState);
    run.log(`resumed from ${resumeFrom} at step ${state.globalStep} (update ${state.iteration} of ${numIterations})`);
  } else {
    model = buildActorCritic({ network: c.game ? 'nature-cnn' : 'mlp', obsShape: env.obsShape, action: env.action, seed: c.seed });
  }
  const rng = new Rng(state.rng);
  const buffer = new RolloutBuffer(c.numSteps, c.numEnvs, env.obsSize, env.action.type === 'discrete' ? 1 : env.action.size, env.obsType);
  const collector = new RolloutCollector(env, buffer, rng, { gamma: c.gamma, gaeLambda: c.gaeLambda, bootstrapTruncation: c.bootstrapTruncation, run, episodes: state.episodes });
  collector.reset(c.seed + state.iteration * c.numEnvs);
  const progress = run.progress(numIterations * batchSize, state.globalStep);
  const t0 = Date.now(), step0 = state.globalStep;
  let globalStep = state.globalStep;
  let nextCheckpoint = c.checkpointFrequency > 0 ? (Math.floor(globalStep / c.checkpointFrequency) + 1) * c.checkpointFrequency : Infinity;
  const snapshot = (iteration: number): OnPolicyState => ({ iteration, globalStep, episodes: collector.episodes, rng: rng.nextU32(), envState: env.saveState() });

  for (let iteration = state.iteration + 1; iteration <= numIterations; ++iteration) {
    const lr = c.annealLr ? (1 - (iteration - 1) / numIterations) * c.learningRate : c.learningRate;
    (opt as unknown as { learningRate: number }).learningRate = lr;

    globalStep = await collector.collect(model, globalStep);
    const s = await ppoUpdate(model, opt, buffer, env.action, c, rng);

    const sps = ((globalStep - step0) * 1000) / Math.max(1, Date.now() - t0);
    run.scalar('charts/learning_rate', lr, globalStep);
    run.scalar('losses/value_loss', s.vLoss, globalStep);
    run.scalar('losses/policy_loss', s.pgLoss, globalStep);
    run.scalar('losses/entropy', s.entropy, globalStep);
    run.scalar('losses/old_approx_kl', s.oldApproxKl, globalStep);
    run.scalar('losses/approx_kl', s.approxKl, globalStep);
    run.scalar('losses/clipfrac', s.clipfrac, globalStep);
    run.scalar('losses/explained_variance', explainedVariance(buffer.values, buffer.returns), globalStep);
    run.scalar('charts/SPS', sps, globalStep);
    const mean = collector.meanRecent();
    progress.tick(globalStep, { return: Number.isNaN(mean) ? '-' : mean.toFixed(1), kl: s.approxKl.toFixed(4) });
    if (globalStep >= nextCheckpoint && iteration < numIterations) {
      await saveAgentCheckpoint(run, model, opt, snapshot(iteration));
      while (nextCheckpoint <= globalStep) nextCheckpoint += c.checkpointFrequency;
    }
    await new Promise((r) => setImmediate(r)); // let timers and I/O (TensorBoard flushes) run
  }
  progress.finish();
  const final = snapshot(Math.max(numIterations, state.iteration));
  await saveAgentCheckpoint(run, model, opt, final);
  env.close();
  const evalReturns = await evaluateAgent(model, c, env.action, {
    episodes: c.evalEpisodes, seed: c.seed + 1_000_000, envState: final.envState,
    video: c.evalVideos > 0 && !c.game ? { folder: `${run.dir}/videos`, prefix: `eval-step-${globalStep}`, episodes: c.evalVideos } : undefined,
  });
  evalReturns.forEach((r, i) => run.scalar('eval/episodic_return', r, i));
  run.metrics({ step: globalStep, eval_returns: evalReturns });
  opt.dispose();
  return {
    model, steps: globalStep, episodes: collector.episodes, trainReturns: [...collector.recent], evalReturns,
    stepsPerSecond: ((globalStep - step0) * 1000) / Math.max(1, Date.now() - t0),
  };
}
