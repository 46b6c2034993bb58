import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { make } from '../src/env/registry.ts';
import { Box } from '../src/env/spaces.ts';
import type { Env } from '../src/env/core.ts';
import { ClipAction } from '../src/wrappers/clip_action.ts';
import { RescaleAction } from '../src/wrappers/rescale_action.ts';
import { NormalizeObservation } from '../src/wrappers/normalize_observation.ts';
import { NormalizeReward } from '../src/wrappers/normalize_reward.ts';
import { TransformObservation, TransformReward, clipVector } from '../src/wrappers/transform.ts';
import { fixturesDir } from './paths.ts';

type BoxEnv = Env<Float32Array, Float32Array>;

describe('normalisation wrappers', () => {
  it("NormalizeObservation and NormalizeReward give NumPy's numbers for Gymnasium's formulas (float32 / float64)", () => {
    // Expected values: Gymnasium's RunningMeanStd, NormalizeObservation and NormalizeReward
    // formulas evaluated with NumPy 2 on seed 3's recorded MountainCarContinuous episode.
    const obsAt: Record<number, number[]> = {
      0: [-0.005036398768424988, 0.0], 1: [0.027363954111933708, 0.03578079864382744], 10: [1.667265772819519, 0.767128586769104],
      500: [0.1348598450422287, -1.8728625774383545], 999: [0.10147138684988022, -0.27711066603660583],
    };
    const rewardAt: Record<number, number> = { 1: -0.018293992265870807, 2: -0.5834334518799124, 10: -0.9410092367050821, 500: -0.07963555449213985, 999: -0.027588691276116243 };
    const rows = fs.readFileSync(path.join(fixturesDir, 'control', 'MountainCarContinuous-v0.jsonl'), 'utf8').trim().split('\n')
      .map((l) => JSON.parse(l) as { seed: number; step: number; action?: number[] }).filter((r) => r.seed === 3);
    const env = new NormalizeReward(new NormalizeObservation(make('MountainCarContinuous-v0') as BoxEnv), 0.99);
    let checked = 0;
    for (const r of rows) {
      const out = r.step === 0 ? { observation: env.reset({ seed: 3 }).observation, reward: NaN } : env.step(Float32Array.from(r.action!));
      if (obsAt[r.step]) { expect(Array.from(out.observation), `step ${r.step}`).toEqual(obsAt[r.step]); checked++; }
      if (rewardAt[r.step] !== undefined) { expect(out.reward, `step ${r.step}`).toBe(rewardAt[r.step]); checked++; }
    }
    expect(checked).toBe(10);
  });

  it('freezes its statistics when updateRunningMean is false', () => {
    const env = new NormalizeObservation(make('Pendulum-v1') as BoxEnv);
    env.reset({ seed: 0 });
    for (let t = 0; t < 5; ++t) env.step(Float32Array.of(1));
    env.updateRunningMean = false;
    const count = env.obsRms.count, mean = Array.from(env.obsRms.mean);
    env.step(Float32Array.of(1));
    expect(env.obsRms.count).toBe(count);
    expect(Array.from(env.obsRms.mean)).toEqual(mean);
    expect(String(env.observationSpace)).toBe('Box(3, float32)');
    expect((env.observationSpace as Box).high[0]).toBe(Infinity);
  });

  it('refuses bad parameters with a clear message', () => {
    expect(() => new NormalizeReward(make('Pendulum-v1'), 1.5)).toThrow(/gamma must be within \[0, 1\]/);
    expect(() => new NormalizeObservation(make('Pendulum-v1') as BoxEnv, 0)).toThrow(/epsilon must be positive/);
  });
});

describe('action wrappers', () => {
  it('ClipAction clips before the env sees the action (MountainCarContinuous then charges the clipped force) and widens the space', () => {
    const env = new ClipAction(make('MountainCarContinuous-v0') as BoxEnv);
    expect((env.actionSpace as Box).low[0]).toBe(-Infinity);
    env.reset({ seed: 0 });
    expect(env.step(Float32Array.of(3)).reward).toBeCloseTo(-0.1, 12);
    expect(() => new ClipAction(make('CartPole-v1') as never)).toThrow(/needs a Box action space/);
  });

  it('RescaleAction maps [-1, 1] onto Pendulum\'s [-2, 2]', () => {
    const wrapped = new RescaleAction(make('Pendulum-v1') as BoxEnv, -1, 1);
    const plain = make('Pendulum-v1') as BoxEnv;
    expect(Array.from((wrapped.actionSpace as Box).low)).toEqual([-1]);
    wrapped.reset({ seed: 2 });
    plain.reset({ seed: 2 });
    for (const [a, torque] of [[0.5, 1], [-1, -2], [0.25, 0.5]]) {
      const w = wrapped.step(Float32Array.of(a)), p = plain.step(Float32Array.of(torque));
      expect(Array.from(w.observation)).toEqual(Array.from(p.observation));
      expect(w.reward).toBe(p.reward);
    }
    expect(() => new RescaleAction(make('Pendulum-v1') as BoxEnv, 1, 1)).toThrow(/must be below maxAction/);
    expect(() => new RescaleAction(make('Pendulum-v1') as BoxEnv, [-1, -1], 1)).toThrow(/minAction has 2 values/);
  });

  it("TransformObservation / TransformReward apply their function (CleanRL's clip to +-10)", () => {
    const env = new TransformReward(new TransformObservation(make('Pendulum-v1') as BoxEnv, clipVector(-0.5, 0.5)), (r) => Math.max(r, -1));
    const o = env.reset({ seed: 5 }).observation;
    expect(Math.max(...Array.from(o).map(Math.abs))).toBeLessThanOrEqual(0.5);
    const r = env.step(Float32Array.of(0));
    expect(r.reward).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...Array.from(r.observation).map(Math.abs))).toBeLessThanOrEqual(0.5);
  });
});
