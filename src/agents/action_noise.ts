// Exploration noise for the deterministic off-policy agents (DDPG, TD3), in units of the action
// range's half-width: `gaussian` draws each step independently; `ou` is an Ornstein-Uhlenbeck
// process, a mean-reverting random walk whose steps are correlated in time, so a push in one
// direction lasts long enough to move a system that white noise only jiggles (MountainCar's car
// needs hundreds of steps of the same sign to climb out of the valley).
import { Rng } from '../env/rng.ts';
import { gaussian } from './actor_critic.ts';

export type NoiseKind = 'gaussian' | 'ou';
export const NOISE_KINDS: readonly NoiseKind[] = ['gaussian', 'ou'];

export interface NoiseConfig {
  noise: NoiseKind;
  explorationNoise: number; // gaussian: the std; ou: sigma, the scale of the process's random increments
  noiseTheta: number;       // ou: the rate at which the process is pulled back to 0
  noiseDt: number;          // ou: the time step of the discretised process
}

export interface ActionNoise {
  /** The next noise vector (written into `out`, one value per action dimension). */
  sample(out: Float32Array): void;
  /** Called when an episode ends: the correlated process starts again from 0. */
  reset(): void;
}

/**
 * x <- x + theta (0 - x) dt + sigma sqrt(dt) N(0, 1), per dimension, starting at 0 (the
 * Euler-Maruyama step of dx = -theta x dt + sigma dW). Its stationary std is about
 * sigma / sqrt(2 theta) and its correlation time about 1 / (theta dt) steps: with the usual
 * theta 0.15 and dt 0.01, sigma 0.5 gives a std near 0.9 that keeps its sign for hundreds of steps.
 */
export class OrnsteinUhlenbeckNoise implements ActionNoise {
  private readonly x: Float64Array;
  constructor(dim: number, private readonly sigma: number, private readonly theta: number, private readonly dt: number, private readonly rng: Rng) {
    this.x = new Float64Array(dim);
  }
  sample(out: Float32Array): void {
    const s = this.sigma * Math.sqrt(this.dt);
    for (let j = 0; j < this.x.length; ++j) {
      this.x[j] += -this.theta * this.x[j] * this.dt + s * gaussian(this.rng);
      out[j] = this.x[j];
    }
  }
  reset(): void {
    this.x.fill(0);
  }
}

export class GaussianNoise implements ActionNoise {
  constructor(private readonly std: number, private readonly rng: Rng) {}
  sample(out: Float32Array): void {
    for (let j = 0; j < out.length; ++j) out[j] = gaussian(this.rng) * this.std;
  }
  reset(): void {}
}

export function makeActionNoise(c: NoiseConfig, dim: number, rng: Rng): ActionNoise {
  return c.noise === 'ou' ? new OrnsteinUhlenbeckNoise(dim, c.explorationNoise, c.noiseTheta, c.noiseDt, rng) : new GaussianNoise(c.explorationNoise, rng);
}
