import { describe, expect, it } from 'vitest';

import { make } from '../src/env/registry.ts';
import { SyncVectorEnv, makeSyncVectorEnv } from '../src/env/sync_vector.ts';
import { RecordEpisodeStatistics } from '../src/wrappers/record_episode_statistics.ts';
import type { Env } from '../src/env/core.ts';

type BoxEnv = Env<Float32Array, Float32Array>;
const pendulum = (steps: number) => () => make('Pendulum-v1', { maxEpisodeSteps: steps }) as BoxEnv;

/** One Pendulum env stepped by hand: the reference a vector env must reproduce. */
function single(seed: number, steps: number) {
  const env = pendulum(steps)();
  const first = env.reset({ seed }).observation;
  return { env, first };
}

describe('SyncVectorEnv', () => {
  it('seeds env i with seed + i and batches observations env-major', () => {
    const v = new SyncVectorEnv([pendulum(200), pendulum(200), pendulum(200)]);
    const { observations } = v.reset({ seed: 10 });
    expect(observations.length).toBe(9);
    for (let i = 0; i < 3; ++i) expect(Array.from(observations.subarray(i * 3, i * 3 + 3))).toEqual(Array.from(single(10 + i, 200).first));
  });

  it("routes each env its own slice of a Box action", () => {
    const v = new SyncVectorEnv([pendulum(200), pendulum(200)]);
    v.reset({ seed: 1 });
    const r = v.step(Float32Array.of(2, -2));
    const a = single(1, 200), b = single(2, 200);
    expect(Array.from(r.observations.subarray(0, 3))).toEqual(Array.from(a.env.step(Float32Array.of(2)).observation));
    expect(Array.from(r.observations.subarray(3, 6))).toEqual(Array.from(b.env.step(Float32Array.of(-2)).observation));
  });

  it("next-step autoreset (Gymnasium 1.x's default): the ending step keeps the last observation, the next one resets", () => {
    const v = new SyncVectorEnv([pendulum(3)]);
    expect(v.autoresetMode).toBe('next-step');
    const ref = single(4, 3);
    v.reset({ seed: 4 });
    const act = Float32Array.of(0.5);
    let r = v.step(act);
    ref.env.step(act);
    r = v.step(act);
    ref.env.step(act);
    r = v.step(act);
    const last = ref.env.step(act);
    expect([r.terminated[0], r.truncated[0]]).toEqual([0, 1]);
    expect(Array.from(r.observations)).toEqual(Array.from(last.observation));
    expect(r.rewards[0]).toBe(last.reward);
    r = v.step(Float32Array.of(2)); // ignored: this step is the reset
    expect(Array.from(r.observations)).toEqual(Array.from(ref.env.reset().observation));
    expect([r.rewards[0], r.terminated[0], r.truncated[0]]).toEqual([0, 0, 0]);
  });

  it("same-step autoreset: the new episode's first observation at once, the last one in infos.final_obs", () => {
    const v = new SyncVectorEnv([pendulum(5), pendulum(2)].map((f) => () => new RecordEpisodeStatistics(f())), { autoresetMode: 'same-step' });
    const ref = single(8, 2); // env 1 is seeded 7 + 1
    v.reset({ seed: 7 });
    const act = Float32Array.of(1, 1);
    v.step(act);
    ref.env.step(Float32Array.of(1));
    const r = v.step(act);
    const last = ref.env.step(Float32Array.of(1));
    expect(Array.from(r.truncated)).toEqual([0, 1]);
    expect(Array.from(r.observations.subarray(3))).toEqual(Array.from(ref.env.reset().observation));
    expect(r.infos._final_obs).toEqual([false, true]);
    expect(Array.from((r.infos.final_obs as Float32Array[])[1])).toEqual(Array.from(last.observation));
    const finalInfo = r.infos.final_info as { episode: { r: Float64Array; l: Float64Array }; _episode: boolean[] };
    expect(finalInfo._episode).toEqual([false, true]);
    expect(finalInfo.episode.l[1]).toBe(2);
    expect(r.infos.episode).toBeUndefined(); // with same-step the episode statistics live in final_info
  });

  it("next-step puts episode statistics in infos.episode with the _episode mask", () => {
    const v = new SyncVectorEnv([pendulum(2), pendulum(3)].map((f) => () => new RecordEpisodeStatistics(f())));
    v.reset({ seed: 0 });
    v.step(Float32Array.of(0, 0));
    const r = v.step(Float32Array.of(0, 0));
    expect(r.infos._episode).toEqual([true, false]);
    const ep = r.infos.episode as { r: Float64Array; l: Float64Array };
    expect(ep.l[0]).toBe(2);
    expect(ep.r[0]).toBeLessThan(0);
  });

  it("disabled autoreset refuses to step an ended env until reset({ resetMask }) resets it alone", () => {
    const v = new SyncVectorEnv([pendulum(1), pendulum(10)], { autoresetMode: 'disabled' });
    v.reset({ seed: 3 });
    const r = v.step(Float32Array.of(0, 0));
    expect(Array.from(r.truncated)).toEqual([1, 0]);
    expect(() => v.step(Float32Array.of(0, 0))).toThrow(/env 0's episode has ended.*resetMask/);
    const before = r.observations.slice(3);
    const after = v.reset({ resetMask: [true, false] }).observations;
    expect(Array.from(after.subarray(3))).toEqual(Array.from(before));
    expect(() => v.step(Float32Array.of(0, 0))).not.toThrow();
  });

  it('discrete envs take one integer per env; malformed input gets a clear error', () => {
    const v = makeSyncVectorEnv<number>('CartPole-v1', 4);
    v.reset({ seed: 0 });
    const r = v.step(Int32Array.of(0, 1, 0, 1));
    expect(r.observations.length).toBe(16);
    expect(Array.from(r.rewards)).toEqual([1, 1, 1, 1]);
    expect(() => v.step([0, 1])).toThrow(/need 4 action values \(4 envs x 1\), got 2/);
    expect(() => v.reset({ seed: [1, 2] })).toThrow(/one seed per env \(4\)/);
    expect(() => new SyncVectorEnv([() => make('CartPole-v1') as never, () => make('Pendulum-v1') as never])).toThrow(/differs from env 0/);
    expect(() => new SyncVectorEnv([pendulum(5)], { autoresetMode: 'sometimes' as never })).toThrow(/next-step, same-step, disabled/);
    v.close();
    expect(() => v.step([0, 0, 0, 0])).toThrow(/closed/);
  });
});
