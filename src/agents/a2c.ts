// Advantage Actor-Critic, synchronous (A2C; Mnih et al. 2016's A3C without the asynchrony), with
// Stable-Baselines3's defaults: 5-step rollouts, n-step returns (GAE lambda 1), one gradient step
// per rollout over the whole batch, PyTorch's RMSprop (alpha 0.99, eps 1e-5), gradients clipped
// at 0.5. Atari uses RL Zoo's settings (16 envs, entropy 0.01, value 0.25) on the Nature CNN.
import * as tf from '@tensorflow/tfjs';
import { floatTensor } from '../tf/float_tensor.ts';
import { Rng } from '../env/rng.ts';
import type { RunLogger } from '../logging/run.ts';
import { buildActorCritic, evaluateActions, type ActionSpec } from './actor_critic.ts';
import { RolloutBuffer, explainedVariance } from './rollout_buffer.ts';
import { RolloutCollector, evaluateAgent, loadAgentCheckpoint, saveAgentCheckpoint, type OnPolicyState } from './on_policy.ts';
import { TorchRMSprop, clipGradNorm, clipGradNormOnDevice } from './optimizers.ts';
import { readFloats, syncReads } from '../tf/read.ts';
import { makeTrainEnv, type TrainResult } from './ppo.ts';

export interface A2cConfig {
  env: string;              // classic-control id, unless game is set
  game: string;             // Atari game id
  seed: number;
  totalSteps: number;
  learningRate: number;
  numEnvs: number;
  numSteps: number;
  gamma: number;
  gaeLambda: number;        // 1: plain n-step returns
  entCoef: number;
  vfCoef: number;
  maxGradNorm: number;
  rmsPropAlpha: number;
  rmsPropEps: number;
  normAdv: boolean;
  annealLr: boolean;
  normalize: boolean;       // Box envs: observation and reward normalisation (off in SB3's defaults)
  bootstrapTruncation: boolean;
  evalEpisodes: number;
  evalVideos: number;
  checkpointFrequency: number;
  maxEpisodeFrames: number;
}

/** SB3's A2C defaults, with RL Zoo's 8 envs for classic control. */
export const a2cControlDefaults: A2cConfig = {
  env: 'CartPole-v1', game: '', seed: 1, totalSteps: 500_000, learningRate: 7e-4, numEnvs: 8, numSteps: 5, gamma: 0.99,
  gaeLambda: 1, entCoef: 0, vfCoef: 0.5, maxGradNorm: 0.5, rmsPropAlpha: 0.99, rmsPropEps: 1e-5, normAdv: false,
  annealLr: false, normalize: false, bootstrapTruncation: true, evalEpisodes: 10, evalVideos: 1, checkpointFrequency: 100_000,
  maxEpisodeFrames: 108_000,
};

/** RL Zoo's Atari A2C: 16 envs, entropy bonus 0.01, value coefficient 0.25. */
export const a2cAtariDefaults: A2cConfig = {
  ...a2cControlDefaults, env: '', game: 'breakout', totalSteps: 10_000_000, numEnvs: 16, entCoef: 0.01, vfCoef: 0.25,
  evalVideos: 0, checkpointFrequency: 500_000,
};

/** Policy gradient on the advantages, mean squared error to the returns, minus the entropy bonus. */
export function a2cLoss(
  logProb: tf.Tensor1D, entropy: tf.Tensor1D, value: tf.Tensor1D, advantages: tf.Tensor1D, returns: tf.Tensor1D,
  c: Pick<A2cConfig, 'entCoef' | 'vfCoef' | 'normAdv'>,
): { loss: tf.Scalar; pgLoss: tf.Scalar; vLoss: tf.Scalar; entropy: tf.Scalar } {
  let adv: tf.Tensor = advantages;
  if (c.normAdv) {
    const n = adv.shape[0]!;
    const m = tf.mean(adv);
    adv = tf.div(tf.sub(adv, m), tf.add(tf.sqrt(tf.div(tf.sum(tf.square(tf.sub(adv, m))), Math.max(1, n - 1))), 1e-8));
  }
  const pgLoss = tf.neg(tf.mean(tf.mul(adv, logProb))) as tf.Scalar;
  const vLoss = tf.mean(tf.square(tf.sub(returns, value))) as tf.Scalar;
  const ent = tf.mean(entropy) as tf.Scalar;
  const loss = tf.add(tf.sub(pgLoss, tf.mul(c.entCoef, ent)), tf.mul(c.vfCoef, vLoss)) as tf.Scalar;
  return { loss, pgLoss, vLoss, entropy: ent };
}

/** One gradient step over the whole rollout; its diagnostics in one read. */
async function a2cUpdate(model: tf.LayersModel, opt: tf.Optimizer, b: RolloutBuffer, action: ActionSpec, c: A2cConfig): Promise<number[]> {
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const obsShape = model.inputs[0].shape.slice(1) as number[];
  const sync = syncReads();
  const diagnostics = tf.tidy(() => {
    const obs = floatTensor(b.obs, [b.size, ...obsShape]);
    const actions = tf.tensor(b.actions, [b.size, b.actionSize]);
    const advantages = tf.tensor1d(b.advantages), returns = tf.tensor1d(b.returns);
    let kept: tf.Tensor | undefined;
    const { grads } = tf.variableGrads(() => {
      const ev = evaluateActions(model, obs, actions, action);
      const t = a2cLoss(ev.logProb, ev.entropy, ev.value, advantages, returns, c);
      kept = tf.keep(tf.stack([t.pgLoss, t.vLoss, t.entropy]));
      return t.loss;
    }, vars);
    if (sync) clipGradNorm(grads, c.maxGradNorm);
    else clipGradNormOnDevice(grads, c.maxGradNorm);
    opt.applyGradients(grads);
    return kept!;
  });
  const [out] = await readFloats([diagnostics]).finally(() => diagnostics.dispose());
  return Array.from(out);
}

export async function trainA2c(c: A2cConfig, run: RunLogger, resumeFrom?: string): Promise<TrainResult> {
  const env = makeTrainEnv(c);
  const batchSize = c.numEnvs * c.numSteps;
  const numIterations = Math.floor(c.totalSteps / batchSize);
  const opt = new TorchRMSprop(c.learningRate, c.rmsPropAlpha, c.rmsPropEps);
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
  // Scalars every ~1000 env steps: an update every 40 steps would flood the event file.
  const logEvery = Math.max(1, Math.round(1000 / batchSize));

  for (let iteration = state.iteration + 1; iteration <= numIterations; ++iteration) {
    const lr = c.annealLr ? (1 - (iteration - 1) / numIterations) * c.learningRate : c.learningRate;
    opt.learningRate = lr;
    globalStep = await collector.collect(model, globalStep);
    const [pgLoss, vLoss, entropy] = await a2cUpdate(model, opt, buffer, env.action, c);

    if (iteration % logEvery === 0 || iteration === numIterations) {
      run.scalar('charts/learning_rate', lr, globalStep);
      run.scalar('losses/value_loss', vLoss, globalStep);
      run.scalar('losses/policy_loss', pgLoss, globalStep);
      run.scalar('losses/entropy', entropy, globalStep);
      run.scalar('losses/explained_variance', explainedVariance(buffer.values, buffer.returns), globalStep);
      run.scalar('charts/SPS', ((globalStep - step0) * 1000) / Math.max(1, Date.now() - t0), globalStep);
    }
    const mean = collector.meanRecent();
    progress.tick(globalStep, { return: Number.isNaN(mean) ? '-' : mean.toFixed(1), loss: (pgLoss + c.vfCoef * vLoss).toFixed(3) });
    if (globalStep >= nextCheckpoint && iteration < numIterations) {
      await saveAgentCheckpoint(run, model, opt, snapshot(iteration));
      while (nextCheckpoint <= globalStep) nextCheckpoint += c.checkpointFrequency;
    }
    if (iteration % 25 === 0) await new Promise((r) => setImmediate(r));
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
