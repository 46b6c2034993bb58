// Exploration noise: the Ornstein-Uhlenbeck process has the stationary spread and the long
// correlation its parameters promise, restarts from 0 at an episode's end, and is what
// MountainCarContinuous's DDPG and TD3 presets explore with.
import { describe, expect, it } from 'vitest';
import { GaussianNoise, OrnsteinUhlenbeckNoise } from '../src/agents/action_noise.ts';
import { Rng } from '../src/env/rng.ts';
import { ddpgDefaults, ddpgEnvDefaults } from '../src/agents/ddpg.ts';
import { td3EnvDefaults } from '../src/agents/td3.ts';
import { controlSpec } from '../src/cli/train_control.ts';

function series(noise: { sample(out: Float32Array): void }, n: number): number[] {
  const out = new Float32Array(1);
  return Array.from({ length: n }, () => (noise.sample(out), out[0]));
}
const std = (x: number[]) => {
  const m = x.reduce((s, v) => s + v, 0) / x.length;
  return Math.sqrt(x.reduce((s, v) => s + (v - m) ** 2, 0) / x.length);
};
/** Correlation of x[t] with x[t + lag]. */
const autocorr = (x: number[], lag: number) => {
  const m = x.reduce((s, v) => s + v, 0) / x.length;
  let num = 0, den = 0;
  for (let t = 0; t < x.length; ++t) {
    den += (x[t] - m) ** 2;
    if (t + lag < x.length) num += (x[t] - m) * (x[t + lag] - m);
  }
  return num / den;
};

describe('action noise', () => {
  it('Ornstein-Uhlenbeck: stationary std sigma / sqrt(2 theta), correlation exp(-theta dt lag)', () => {
    // theta dt = 0.01: a correlation time of 100 steps, so 200,000 steps hold ~2,000 of them.
    const ou = new OrnsteinUhlenbeckNoise(1, 0.5, 1, 0.01, new Rng(1));
    const x = series(ou, 200_000).slice(1000);
    expect(std(x)).toBeGreaterThan(0.5 / Math.sqrt(2) * 0.93);
    expect(std(x)).toBeLessThan(0.5 / Math.sqrt(2) * 1.07);
    for (const lag of [10, 100]) expect(autocorr(x, lag)).toBeCloseTo(Math.exp(-0.01 * lag), 1);
    // White noise of the same spread has none.
    expect(Math.abs(autocorr(series(new GaussianNoise(0.35, new Rng(2)), 50_000), 10))).toBeLessThan(0.03);
  });

  it('starts again from 0 after reset', () => {
    const ou = new OrnsteinUhlenbeckNoise(2, 0.5, 0.15, 0.01, new Rng(3));
    series(ou, 500);
    const out = new Float32Array(2);
    ou.sample(out);
    expect(Math.max(...Array.from(out, Math.abs))).toBeGreaterThan(0.2); // far from 0 after 500 steps
    ou.reset();
    ou.sample(out);
    // One step from 0: sigma sqrt(dt) N(0, 1), a few hundredths.
    for (const v of out) expect(Math.abs(v)).toBeLessThan(0.5 * 0.1 * 4);
  });

  it('is the MountainCarContinuous preset of DDPG and TD3, and gaussian elsewhere', () => {
    expect(ddpgDefaults.noise).toBe('gaussian');
    for (const presets of [ddpgEnvDefaults, td3EnvDefaults]) {
      expect(presets['MountainCarContinuous-v0']).toMatchObject({ noise: 'ou', explorationNoise: 0.5 });
      expect(presets['Pendulum-v1'].noise).toBeUndefined();
    }
    for (const algo of ['ddpg', 'td3']) {
      expect(controlSpec('MountainCarContinuous-v0', algo).spec.defaults).toMatchObject({ noise: 'ou', noiseTheta: 0.15, noiseDt: 0.01 });
      expect(controlSpec('Pendulum-v1', algo).spec.defaults).toMatchObject({ noise: 'gaussian' });
    }
  });
});
