// Twin Delayed DDPG (Fujimoto et al. 2018), top to bottom like CleanRL's td3_continuous_action.py.
// DDPG's deterministic actor and replay, with three changes against the critic's overestimation:
// two critics whose smaller target value is the bootstrap (clipped double Q), the target action
// smoothed with clipped Gaussian noise, and the actor and all targets updated only every
// policyFrequency critic steps. The networks, the replay and the exploration noise are DDPG's.
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../env/rng.ts';
import type { RunLogger } from '../logging/run.ts';
import { gaussian } from './actor_critic.ts';
import { makeActionNoise } from './action_noise.ts';
import { ContinuousReplay, type ContinuousBatch } from './continuous_replay.ts';
import { actDeterministic, buildActor, buildCritic, MOUNTAIN_CAR_OFF_POLICY, polyak, type DdpgConfig } from './ddpg.ts';
import { loadModel, loadOptimizer, saveModel, saveOptimizer } from './model_io.ts';
import { evaluateEpisodes, makeControlEnv, makeControlEvalEnv } from './rollout_envs.ts';
import type { TrainResult } from './ppo.ts';

export interface Td3Config extends DdpgConfig {
  policyNoise: number; // std of the target-action smoothing noise, in units of the action range's half-width
  noiseClip: number;   // that noise is clipped to +-noiseClip (same units)
}

/** CleanRL's defaults (tuned on MuJoCo), with a run length for the small classic envs. */
export const td3Defaults: Td3Config = {
  env: 'Pendulum-v1', seed: 1, totalSteps: 1_000_000, learningRate: 3e-4, bufferSize: 1_000_000, gamma: 0.99, tau: 0.005,
  batchSize: 256, noise: 'gaussian', explorationNoise: 0.1, noiseTheta: 0.15, noiseDt: 0.01, learningStarts: 25_000, policyFrequency: 2,
  hidden: 256, policyNoise: 0.2, noiseClip: 0.5, evalEpisodes: 10, evalVideos: 1, checkpointFrequency: 10_000,
};

/** As DDPG's: run lengths for these envs, and RL Zoo's Ornstein-Uhlenbeck exploration on MountainCar. */
export const td3EnvDefaults: Record<string, Partial<Td3Config>> = {
  'Pendulum-v1': { totalSteps: 20_000, learningStarts: 5_000 },
  'MountainCarContinuous-v0': MOUNTAIN_CAR_OFF_POLICY,
};

// ---------------------------------------------------------------------------------------------
// The agent. One Adam over both critics, as CleanRL's q_optimizer (Adam works per parameter, so
// this is the same as one optimizer each; the losses add).

export interface Td3Agent {
  actor: tf.LayersModel; qf1: tf.LayersModel; qf2: tf.LayersModel;
  targetActor: tf.LayersModel; targetQf1: tf.LayersModel; targetQf2: tf.LayersModel;
  actorOpt: tf.Optimizer; qOpt: tf.Optimizer; scale: tf.Tensor1D; bias: tf.Tensor1D;
}

const toEnv = (agent: Td3Agent, tanh: tf.Tensor): tf.Tensor2D => tf.add(tf.mul(tanh, agent.scale), agent.bias) as tf.Tensor2D;

/**
 * y = r + gamma (1 - done) min(Q1'(s', a'), Q2'(s', a')), a' = clip(mu'(s') + clip(eps, -c, c) * scale)
 * to the action bounds, with eps the standard normal draws in `eps` times policyNoise. Returned
 * with both target values, for the test that checks the minimum is taken.
 */
export function td3Target(agent: Td3Agent, b: ContinuousBatch, eps: Float32Array, low: ArrayLike<number>, high: ArrayLike<number>,
  c: Pick<Td3Config, 'gamma' | 'policyNoise' | 'noiseClip'>): { y: tf.Tensor1D; q1: tf.Tensor1D; q2: tf.Tensor1D } {
  const obsDim = b.obs.length / b.size, actDim = b.actions.length / b.size;
  return tf.tidy(() => {
    const next = tf.tensor2d(b.nextObs, [b.size, obsDim]);
    const smoothing = tf.mul(tf.clipByValue(tf.mul(tf.tensor2d(eps, [b.size, actDim]), c.policyNoise), -c.noiseClip, c.noiseClip), agent.scale);
    const raw = tf.add(toEnv(agent, agent.targetActor.predict(next) as tf.Tensor), smoothing);
    const nextActions = tf.minimum(tf.maximum(raw, tf.tensor1d(Float32Array.from(low))), tf.tensor1d(Float32Array.from(high)));
    const q1 = tf.reshape(agent.targetQf1.predict([next, nextActions]) as tf.Tensor, [-1]) as tf.Tensor1D;
    const q2 = tf.reshape(agent.targetQf2.predict([next, nextActions]) as tf.Tensor, [-1]) as tf.Tensor1D;
    const y = tf.add(tf.tensor1d(b.rewards), tf.mul(tf.mul(tf.sub(1, tf.tensor1d(b.dones)), c.gamma), tf.minimum(q1, q2))) as tf.Tensor1D;
    return { y, q1, q2 };
  });
}

export interface Td3StepOut { qf1Loss: number; qf2Loss: number; qf1Values: number; qf2Values: number; actorLoss: number }

/** One step of both critics (and, when `updateActor`, one actor step and the target updates). */
export function td3TrainStep(agent: Td3Agent, b: ContinuousBatch, eps: Float32Array, low: ArrayLike<number>, high: ArrayLike<number>,
  c: Pick<Td3Config, 'gamma' | 'tau' | 'policyNoise' | 'noiseClip'>, updateActor: boolean): Td3StepOut {
  const obsDim = b.obs.length / b.size, actDim = b.actions.length / b.size;
  const target = td3Target(agent, b, eps, low, high, c);
  const out = tf.tidy(() => {
    const obs = tf.tensor2d(b.obs, [b.size, obsDim]);
    const actions = tf.tensor2d(b.actions, [b.size, actDim]);
    const parts: tf.Tensor[] = [];
    const qVars = [...agent.qf1.trainableWeights, ...agent.qf2.trainableWeights].map((w) => w.read() as tf.Variable);
    const q = tf.variableGrads(() => {
      const q1 = tf.reshape(agent.qf1.apply([obs, actions], { training: true }) as tf.Tensor, [-1]);
      const q2 = tf.reshape(agent.qf2.apply([obs, actions], { training: true }) as tf.Tensor, [-1]);
      const l1 = tf.mean(tf.square(tf.sub(q1, target.y))), l2 = tf.mean(tf.square(tf.sub(q2, target.y)));
      parts.push(...[l1, l2, tf.mean(q1), tf.mean(q2)].map((t) => tf.keep(t)));
      return tf.add(l1, l2) as tf.Scalar;
    }, qVars);
    agent.qOpt.applyGradients(q.grads);
    let actorLoss = NaN;
    if (updateActor) {
      // The actor follows the first critic only.
      const actorVars = agent.actor.trainableWeights.map((w) => w.read() as tf.Variable);
      const a = tf.variableGrads(() => tf.neg(tf.mean(agent.qf1.apply([obs, toEnv(agent, agent.actor.apply(obs) as tf.Tensor)]) as tf.Tensor)) as tf.Scalar, actorVars);
      agent.actorOpt.applyGradients(a.grads);
      actorLoss = a.value.dataSync()[0];
      polyak(agent.actor, agent.targetActor, c.tau);
      polyak(agent.qf1, agent.targetQf1, c.tau);
      polyak(agent.qf2, agent.targetQf2, c.tau);
    }
    const [qf1Loss, qf2Loss, qf1Values, qf2Values] = parts.map((t) => t.dataSync()[0]);
    tf.dispose(parts);
    return { qf1Loss, qf2Loss, qf1Values, qf2Values, actorLoss };
  });
  tf.dispose([target.y, target.q1, target.q2]);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Checkpoints: the six networks, both optimizers and the step; the replay memory refills on resume.

interface Td3State { step: number; episodes: number; rng: number }

const NETS = ['actor', 'qf1', 'qf2', 'target_actor', 'target_qf1', 'target_qf2'] as const;
const netOf = (agent: Td3Agent, name: (typeof NETS)[number]): tf.LayersModel =>
  ({ actor: agent.actor, qf1: agent.qf1, qf2: agent.qf2, target_actor: agent.targetActor, target_qf1: agent.targetQf1, target_qf2: agent.targetQf2 })[name];

async function saveTd3Checkpoint(run: RunLogger, agent: Td3Agent, state: Td3State): Promise<void> {
  await run.checkpoint(state.step, async (dir) => {
    for (const name of NETS) {
      fs.mkdirSync(path.join(dir, name));
      await saveModel(netOf(agent, name), path.join(dir, name));
    }
    for (const [name, opt] of [['actor_optimizer', agent.actorOpt], ['q_optimizer', agent.qOpt]] as const) {
      fs.mkdirSync(path.join(dir, name));
      await saveOptimizer(opt, path.join(dir, name));
    }
    fs.writeFileSync(path.join(dir, 'state.json'), JSON.stringify(state, null, 2) + '\n');
  });
}

/** Zero gradients, so each optimizer holds its slots (in training's variable order) before they are loaded. */
function primeOptimizerOver(models: tf.LayersModel[], opt: tf.Optimizer): void {
  tf.tidy(() => {
    const zeros: tf.NamedTensorMap = {};
    for (const m of models) for (const w of m.trainableWeights) zeros[(w.read() as tf.Variable).name] = tf.zerosLike(w.read());
    opt.applyGradients(zeros);
  });
}

// ---------------------------------------------------------------------------------------------
// Training loop.

export async function trainTd3(c: Td3Config, run: RunLogger, resumeFrom?: string): Promise<TrainResult> {
  const env = makeControlEnv(c.env, 1);
  if (env.action.type !== 'box') throw new Error(`TD3 needs continuous (Box) actions; ${c.env} has discrete actions`);
  const obsDim = env.obsSize, actDim = env.action.size;
  const low = env.actionLow!, high = env.actionHigh!;
  const scaleArr = Float32Array.from(low, (l, j) => (high[j] - l) / 2);
  const biasArr = Float32Array.from(low, (l, j) => (high[j] + l) / 2);
  const agent: Td3Agent = {
    actor: buildActor(obsDim, actDim, c.hidden, c.seed), qf1: buildCritic(obsDim, actDim, c.hidden, c.seed + 1), qf2: buildCritic(obsDim, actDim, c.hidden, c.seed + 2),
    targetActor: buildActor(obsDim, actDim, c.hidden, c.seed), targetQf1: buildCritic(obsDim, actDim, c.hidden, c.seed + 1), targetQf2: buildCritic(obsDim, actDim, c.hidden, c.seed + 2),
    actorOpt: tf.train.adam(c.learningRate, 0.9, 0.999, 1e-8), qOpt: tf.train.adam(c.learningRate, 0.9, 0.999, 1e-8),
    scale: tf.tensor1d(scaleArr), bias: tf.tensor1d(biasArr),
  };
  let state: Td3State = { step: 0, episodes: 0, rng: c.seed };
  if (resumeFrom) {
    state = JSON.parse(fs.readFileSync(path.join(resumeFrom, 'state.json'), 'utf8')) as Td3State;
    for (const name of NETS) netOf(agent, name).setWeights((await loadModel(path.join(resumeFrom, name))).getWeights());
    primeOptimizerOver([agent.actor], agent.actorOpt);
    primeOptimizerOver([agent.qf1, agent.qf2], agent.qOpt);
    await loadOptimizer(agent.actorOpt, path.join(resumeFrom, 'actor_optimizer'));
    await loadOptimizer(agent.qOpt, path.join(resumeFrom, 'q_optimizer'));
    run.log(`resumed from ${resumeFrom} at step ${state.step} (the replay memory refills: updates resume after ${c.learningStarts} new steps)`);
  } else {
    agent.targetActor.setWeights(agent.actor.getWeights());
    agent.targetQf1.setWeights(agent.qf1.getWeights());
    agent.targetQf2.setWeights(agent.qf2.getWeights());
  }
  const rng = new Rng(state.rng);
  const rb = new ContinuousReplay(c.bufferSize, obsDim, actDim, c.seed + state.step);
  const startStep = state.step;
  const learnFrom = startStep + c.learningStarts;
  const recent: number[] = [];
  const progress = run.progress(c.totalSteps, startStep);
  const t0 = Date.now();
  let episodes = state.episodes;
  let last: Td3StepOut = { qf1Loss: NaN, qf2Loss: NaN, qf1Values: NaN, qf2Values: NaN, actorLoss: NaN };
  let obs = Float32Array.from(env.reset(c.seed + state.step));
  const action = new Float32Array(actDim);
  const noise = makeActionNoise(c, actDim, rng), explore = new Float32Array(actDim);
  const smoothing = new Float32Array(c.batchSize * actDim);

  for (let step = startStep; step < c.totalSteps; ++step) {
    if (step < learnFrom && !resumeFrom) {
      for (let j = 0; j < actDim; ++j) action[j] = low[j] + (high[j] - low[j]) * rng.random();
    } else {
      const a = actDeterministic(agent.actor, obs, low, high);
      noise.sample(explore);
      for (let j = 0; j < actDim; ++j) action[j] = Math.min(Math.max(a[j] + explore[j] * scaleArr[j], low[j]), high[j]);
    }
    const r = env.step(action);
    // The stored next state is the episode's last one, not the next episode's first.
    const next = r.finalObs(0) ?? r.obs;
    rb.add(obs, action, r.rewards[0], next, r.terminated[0] === 1);
    if (r.episodes.length) noise.reset();
    for (const e of r.episodes) {
      episodes++;
      recent.push(e.return);
      if (recent.length > 100) recent.shift();
      run.scalar('charts/episodic_return', e.return, step);
      run.scalar('charts/episodic_length', e.length, step);
      run.metrics({ step, episode: episodes, return: e.return, length: e.length });
    }
    obs = Float32Array.from(r.obs);

    if (step > learnFrom && rb.size >= c.batchSize) {
      for (let k = 0; k < smoothing.length; ++k) smoothing[k] = gaussian(rng);
      const out = td3TrainStep(agent, rb.sample(c.batchSize), smoothing, low, high, c, step % c.policyFrequency === 0);
      last = { ...out, actorLoss: Number.isNaN(out.actorLoss) ? last.actorLoss : out.actorLoss };
      if (step % 100 === 0) {
        run.scalar('losses/qf1_values', last.qf1Values, step);
        run.scalar('losses/qf2_values', last.qf2Values, step);
        run.scalar('losses/qf1_loss', last.qf1Loss, step);
        run.scalar('losses/qf2_loss', last.qf2Loss, step);
        run.scalar('losses/qf_loss', (last.qf1Loss + last.qf2Loss) / 2, step);
        run.scalar('losses/actor_loss', last.actorLoss, step);
        run.scalar('charts/SPS', ((step - startStep) * 1000) / Math.max(1, Date.now() - t0), step);
      }
    }
    const done = step + 1;
    const mean = recent.length ? recent.reduce((s, v) => s + v, 0) / recent.length : NaN;
    progress.tick(done, { return: Number.isNaN(mean) ? '-' : mean.toFixed(1), q: Number.isNaN(last.qf1Values) ? '-' : last.qf1Values.toFixed(2) });
    if (done % 500 === 0) await new Promise((res) => setImmediate(res));
    if (c.checkpointFrequency > 0 && done % c.checkpointFrequency === 0 && done < c.totalSteps)
      await saveTd3Checkpoint(run, agent, { step: done, episodes, rng: rng.nextU32() });
  }
  progress.finish();
  await saveTd3Checkpoint(run, agent, { step: c.totalSteps, episodes, rng: rng.nextU32() });
  env.close();
  const { env: evalEnv, recorder } = makeControlEvalEnv(c.env, null,
    c.evalVideos > 0 ? { folder: `${run.dir}/videos`, prefix: `eval-step-${c.totalSteps}`, episodes: c.evalVideos } : undefined);
  const evalReturns = c.evalEpisodes > 0
    ? await evaluateEpisodes(evalEnv, c.evalEpisodes, c.seed + 1_000_000, (o) => actDeterministic(agent.actor, o, low, high), recorder)
    : (evalEnv.close(), []);
  evalReturns.forEach((ret, i) => run.scalar('eval/episodic_return', ret, i));
  run.metrics({ step: c.totalSteps, eval_returns: evalReturns });
  tf.dispose([agent.scale, agent.bias]);
  for (const m of [agent.qf1, agent.qf2, agent.targetActor, agent.targetQf1, agent.targetQf2]) m.dispose();
  agent.actorOpt.dispose();
  agent.qOpt.dispose();
  return {
    model: agent.actor, steps: c.totalSteps, episodes, trainReturns: recent, evalReturns,
    stepsPerSecond: ((c.totalSteps - startStep) * 1000) / Math.max(1, Date.now() - t0),
  };
}
