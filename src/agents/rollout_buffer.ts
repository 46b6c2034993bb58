// The on-policy rollout storage of PPO and A2C: numSteps x numEnvs transitions, time-major
// (index t * numEnvs + e), and the advantages computed from them with GAE.
//
// Conventions (CleanRL's): dones[t] says that observation t is the first of a new episode, i.e.
// the step before it ended one; values[t] = V(obs[t]). A step cut short by a time limit can be
// bootstrapped by the caller adding gamma * V(final observation) to its reward.

export type ObsArray = Float32Array | Uint8Array;

export class RolloutBuffer {
  readonly size: number;
  readonly obs: ObsArray;
  readonly actions: Float32Array; // discrete actions as their index
  readonly logProbs: Float32Array;
  readonly rewards: Float32Array;
  readonly dones: Float32Array;
  readonly values: Float32Array;
  readonly advantages: Float32Array;
  readonly returns: Float32Array;

  constructor(
    readonly numSteps: number, readonly numEnvs: number, readonly obsSize: number, readonly actionSize: number,
    obsType: 'float32' | 'uint8' = 'float32',
  ) {
    this.size = numSteps * numEnvs;
    this.obs = obsType === 'uint8' ? new Uint8Array(this.size * obsSize) : new Float32Array(this.size * obsSize);
    this.actions = new Float32Array(this.size * actionSize);
    this.logProbs = new Float32Array(this.size);
    this.rewards = new Float32Array(this.size);
    this.dones = new Float32Array(this.size);
    this.values = new Float32Array(this.size);
    this.advantages = new Float32Array(this.size);
    this.returns = new Float32Array(this.size);
  }

  /** Stores step t of every env: the observations and done flags before acting, then what acting gave. */
  add(t: number, obs: ArrayLike<number>, dones: ArrayLike<number>, actions: ArrayLike<number>, logProbs: ArrayLike<number>, values: ArrayLike<number>): void {
    const n = this.numEnvs;
    (this.obs as Float32Array).set(obs as ArrayLike<number>, t * n * this.obsSize);
    for (let e = 0; e < n; ++e) {
      this.dones[t * n + e] = dones[e];
      this.logProbs[t * n + e] = logProbs[e];
      this.values[t * n + e] = values[e];
    }
    this.actions.set(actions, t * n * this.actionSize);
  }

  /** GAE over the stored steps; `nextValues`, `nextDones`: V and done of the observation after the last step. */
  computeReturnsAndAdvantages(nextValues: ArrayLike<number>, nextDones: ArrayLike<number>, gamma: number, gaeLambda: number): void {
    computeGae(this.rewards, this.values, this.dones, nextValues, nextDones, gamma, gaeLambda, this.numSteps, this.numEnvs, this.advantages);
    for (let i = 0; i < this.size; ++i) this.returns[i] = this.advantages[i] + this.values[i];
  }
}

/**
 * Generalised advantage estimation (Schulman et al. 2016), time-major arrays of numSteps x numEnvs:
 * delta_t = r_t + gamma V_{t+1} (1 - done_{t+1}) - V_t, A_t = delta_t + gamma lambda (1 - done_{t+1}) A_{t+1}.
 * lambda = 1 gives the discounted return minus V (A2C's n-step return), lambda = 0 the one-step TD error.
 */
export function computeGae(
  rewards: ArrayLike<number>, values: ArrayLike<number>, dones: ArrayLike<number>,
  nextValues: ArrayLike<number>, nextDones: ArrayLike<number>,
  gamma: number, gaeLambda: number, numSteps: number, numEnvs: number,
  out: Float32Array = new Float32Array(numSteps * numEnvs),
): Float32Array {
  for (let e = 0; e < numEnvs; ++e) {
    let lastGae = 0;
    for (let t = numSteps - 1; t >= 0; --t) {
      const i = t * numEnvs + e;
      const last = t === numSteps - 1;
      const nextNonTerminal = 1 - (last ? nextDones[e] : dones[i + numEnvs]);
      const nextValue = last ? nextValues[e] : values[i + numEnvs];
      const delta = rewards[i] + gamma * nextValue * nextNonTerminal - values[i];
      lastGae = delta + gamma * gaeLambda * nextNonTerminal * lastGae;
      out[i] = lastGae;
    }
  }
  return out;
}

/** 1 - Var(returns - values) / Var(returns): 1 is a perfect critic, 0 no better than a constant; NaN when returns are constant. */
export function explainedVariance(values: ArrayLike<number>, returns: ArrayLike<number>): number {
  const n = returns.length;
  let my = 0, md = 0;
  for (let i = 0; i < n; ++i) { my += returns[i]; md += returns[i] - values[i]; }
  my /= n;
  md /= n;
  let vy = 0, vd = 0;
  for (let i = 0; i < n; ++i) { vy += (returns[i] - my) ** 2; vd += (returns[i] - values[i] - md) ** 2; }
  return vy === 0 ? NaN : 1 - vd / vy;
}
