import { describe, expect, it } from 'vitest';

import { AtariVectorEnv, make, type AtariVectorEnvOptions, type VectorResult } from '../src/index.ts';
import type { Env } from '../src/env/core.ts';
import { Rng } from '../src/env/rng.ts';
import { native } from '../src/native.ts';
import { wrapDeepMind, type DeepMindOptions } from '../src/wrappers/atari_wrappers.ts';
import type { LazyFrames } from '../src/wrappers/lazy_frames.ts';
import './paths.ts';

// A run: resets (seeds per env, undefined = no seed) and steps with seeded random actions.
type Event = { reset: (number | undefined)[] } | { steps: number };

interface Record {
  obs: Buffer;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  lives: number;
  episode: [number, number] | null;
  final: Buffer | null;
}

interface Case {
  id: string;
  make?: { [key: string]: unknown };
  dm?: DeepMindOptions;
  numEnvs: number;
  events: Event[];
}

const stackOf = (o: LazyFrames) => Buffer.from(o.toArray());

function actionsFor(rng: Rng, n: number, numActions: number): number[] {
  return Array.from({ length: n }, () => rng.integers(0, numActions));
}

/** N single wrapDeepMind envs; an env whose episode ends is reset (without a seed) right away. */
function referenceRun(c: Case): Record[][] {
  const envs = Array.from({ length: c.numEnvs }, () => wrapDeepMind(make(c.id, { ...c.make, obsType: 'none' }) as Env<Uint8Array, number>, c.dm));
  const numActions = (envs[0].actionSpace as unknown as { n: number }).n;
  const rng = new Rng(1234);
  const out: Record[][] = [];
  for (const ev of c.events) {
    if ('reset' in ev) {
      out.push(envs.map((e, i) => {
        const r = e.reset(ev.reset[i] === undefined ? {} : { seed: ev.reset[i] });
        return { obs: stackOf(r.observation), reward: 0, terminated: false, truncated: false, lives: Number(r.info.lives), episode: null, final: null };
      }));
      continue;
    }
    for (let t = 0; t < ev.steps; ++t) {
      const actions = actionsFor(rng, c.numEnvs, numActions);
      out.push(envs.map((e, i) => {
        const s = e.step(actions[i]);
        const ep = s.info.episode as { r: number; l: number } | undefined;
        const rec: Record = { obs: stackOf(s.observation), reward: s.reward, terminated: s.terminated, truncated: s.truncated,
          lives: Number(s.info.lives), episode: ep ? [ep.r, ep.l] : null, final: null };
        if (s.terminated || s.truncated) {
          rec.final = rec.obs;
          rec.obs = stackOf(e.reset().observation);
        }
        return rec;
      }));
    }
  }
  envs.forEach((e) => e.close());
  return out;
}

function records(v: AtariVectorEnv, r: VectorResult, afterReset: boolean): Record[] {
  const n = v.observationShape[1] * v.observationShape[2] * v.observationShape[3];
  return Array.from({ length: v.numEnvs }, (_, i) => ({
    obs: Buffer.from(v.observation(i)),
    reward: r.rewards[i],
    terminated: r.terminated[i] === 1,
    truncated: r.truncated[i] === 1,
    lives: r.lives[i],
    episode: r.episodeEnded[i] ? [r.episodeReturns[i], r.episodeLengths[i]] : null,
    final: !afterReset && r.hasFinalObservation[i] ? Buffer.from(r.finalObservations.subarray(i * n, (i + 1) * n)) : null,
  }));
}

async function vectorRun(c: Case, numThreads: number, async = false): Promise<Record[][]> {
  const v = new AtariVectorEnv(c.id, { ...(c.make as AtariVectorEnvOptions), ...c.dm, numEnvs: c.numEnvs, numThreads });
  const rng = new Rng(1234);
  const out: Record[][] = [];
  for (const ev of c.events) {
    if ('reset' in ev) {
      out.push(records(v, v.reset(ev.reset), true));
      continue;
    }
    for (let t = 0; t < ev.steps; ++t) {
      const actions = Int32Array.from(actionsFor(rng, c.numEnvs, v.singleActionSpace.n));
      out.push(records(v, async ? await v.stepAsync(actions) : v.step(actions), false));
    }
  }
  v.close();
  return out;
}

/** The first differences, as readable lines (an empty list when the runs are identical). */
function differences(got: Record[][], want: Record[][]): string[] {
  const diffs: string[] = [];
  if (got.length !== want.length) return [`${got.length} batches, expected ${want.length}`];
  for (let t = 0; t < want.length && diffs.length < 5; ++t)
    for (let i = 0; i < want[t].length; ++i) {
      const g = got[t][i], w = want[t][i];
      for (const k of ['reward', 'terminated', 'truncated', 'lives'] as const)
        if (g[k] !== w[k]) diffs.push(`batch ${t} env ${i}: ${k} ${g[k]}, single env ${w[k]}`);
      if (JSON.stringify(g.episode) !== JSON.stringify(w.episode))
        diffs.push(`batch ${t} env ${i}: episode ${JSON.stringify(g.episode)}, single env ${JSON.stringify(w.episode)}`);
      if (!g.obs.equals(w.obs)) diffs.push(`batch ${t} env ${i}: observation differs`);
      if ((g.final === null) !== (w.final === null) || (g.final && !g.final.equals(w.final!)))
        diffs.push(`batch ${t} env ${i}: final observation ${g.final ? 'differs or is unexpected' : 'missing'}`);
    }
  return diffs;
}

function count(run: Record[][], pred: (r: Record) => boolean): number {
  return run.reduce((n, batch) => n + batch.filter(pred).length, 0);
}

// Breakout with episodic life and fire reset: lives are lost every few dozen random steps and
// whole games end within the run. Five envs make the thread slices uneven (3+2, 2+1+1+1).
const breakout: Case = {
  id: 'BreakoutNoFrameskip-v4',
  numEnvs: 5,
  events: [{ reset: [100, 101, 102, 103, 104] }, { steps: 160 }],
};

describe('AtariVectorEnv: the same results as single wrapDeepMind envs', () => {
  const want = referenceRun(breakout);

  it('Breakout, 5 envs: the reference run has life losses, whole games and their statistics', () => {
    expect(count(want, (r) => r.terminated)).toBeGreaterThanOrEqual(15);
    expect(count(want, (r) => r.episode !== null)).toBeGreaterThanOrEqual(2);
    expect(count(want, (r) => r.reward > 0)).toBeGreaterThanOrEqual(3);
  });

  for (const threads of [1, 2, 4]) {
    it(`Breakout, ${threads} thread(s): observations, rewards, flags, lives, episodes and autoresets identical`, async () => {
      expect(differences(await vectorRun(breakout, threads), want)).toEqual([]);
    });
  }

  it('stepAsync gives the same as step', async () => {
    expect(differences(await vectorRun(breakout, 2, true), want)).toEqual([]);
  });

  it('truncation (TimeLimit of the id), unclipped rewards, no episodic life, other stack / skip / noop settings', async () => {
    const c: Case = {
      id: 'SpaceInvadersNoFrameskip-v4',
      make: { maxEpisodeSteps: 500 },
      dm: { clipRewards: false, episodicLife: false, frameStack: 3, frameSkip: 3, noopMax: 8 },
      numEnvs: 3,
      events: [{ reset: [5, 6, 7] }, { steps: 200 }],
    };
    const ref = referenceRun(c);
    expect(count(ref, (r) => r.truncated)).toBeGreaterThanOrEqual(3);
    expect(count(ref, (r) => r.reward > 1)).toBeGreaterThanOrEqual(3); // rewards are not clipped
    expect(differences(await vectorRun(c, 2), ref)).toEqual([]);
  });

  it('another mode and difficulty, and maxNumFramesPerEpisode truncating episodes', async () => {
    const c: Case = {
      id: 'SpaceInvadersNoFrameskip-v4',
      make: { mode: 9, difficulty: 1, maxNumFramesPerEpisode: 1001 },
      dm: { episodicLife: false },
      numEnvs: 2,
      events: [{ reset: [3, 4] }, { steps: 300 }],
    };
    const ref = referenceRun(c);
    expect(count(ref, (r) => r.truncated)).toBeGreaterThanOrEqual(2);
    // The mode shows: the default mode's run differs.
    expect(differences(referenceRun({ ...c, make: { maxNumFramesPerEpisode: 1001 } }), ref)).not.toEqual([]);
    expect(differences(await vectorRun(c, 2), ref)).toEqual([]);
  });

  it('random frame skips, sticky actions, unseeded and partly seeded resets (Breakout-v4)', async () => {
    const c: Case = {
      id: 'Breakout-v4',
      make: { repeatActionProbability: 0.25 },
      numEnvs: 4,
      events: [{ reset: [undefined, undefined, undefined, undefined] }, { steps: 20 }, { reset: [7, undefined, 9, undefined] }, { steps: 40 }],
    };
    const ref = referenceRun(c);
    expect(count(ref, (r) => r.terminated)).toBeGreaterThanOrEqual(5);
    expect(differences(await vectorRun(c, 4), ref)).toEqual([]);
  });

  it('rawRewards hold the unclipped rewards, rewards their sign', () => {
    const v = new AtariVectorEnv('SpaceInvadersNoFrameskip-v4', { numEnvs: 2, numThreads: 2 });
    const r = v.reset(0);
    let scored = 0;
    for (let t = 0; t < 150; ++t) {
      v.step([1, t % 6]);
      for (let i = 0; i < 2; ++i) {
        expect(r.rewards[i]).toBe(Math.sign(r.rawRewards[i]));
        if (r.rawRewards[i] > 1) scored++;
      }
    }
    expect(scored).toBeGreaterThan(0);
    v.close();
  });
});

describe('AtariVectorEnv: layout, guards and errors', () => {
  it('arrays: [numEnvs, stack, 84, 84] observations and one entry per env elsewhere', () => {
    const v = new AtariVectorEnv('PongNoFrameskip-v4', { numEnvs: 3, numThreads: 1 });
    expect(v.observationShape).toEqual([3, 4, 84, 84]);
    const r = v.reset(0);
    expect(r.observations.length).toBe(3 * 4 * 84 * 84);
    expect(r.finalObservations.length).toBe(3 * 4 * 84 * 84);
    for (const a of [r.rewards, r.rawRewards, r.terminated, r.truncated, r.lives, r.episodeEnded, r.episodeReturns, r.episodeLengths, r.hasFinalObservation])
      expect(a.length).toBe(3);
    expect(v.step([0, 1, 2])).toBe(r); // the same arrays, written in place
    expect(v.observation(2).byteOffset).toBe(2 * 4 * 84 * 84);
    expect(() => v.observation(3)).toThrow(/within 0\.\.2, got 3/);
    v.close();
  });

  it('stepAsync: while it runs, other calls say so; afterwards the env works on', async () => {
    const v = new AtariVectorEnv('BreakoutNoFrameskip-v4', { numEnvs: 2, numThreads: 2 });
    v.reset(0);
    const p = v.stepAsync(new Int32Array([1, 1]));
    expect(v.inFlight).toBe(true);
    expect(() => v.step([0, 0])).toThrow(/stepAsync\(\) of this AtariVectorEnv is still running; await its promise first/);
    expect(() => v.reset(0)).toThrow(/still running/);
    expect(() => v.close()).toThrow(/await it before close\(\)/);
    await expect(v.stepAsync([0, 0])).rejects.toThrow(/still running/);
    await p;
    expect(v.inFlight).toBe(false);
    v.step([0, 0]);
    v.close();
  });

  it('bad sizes, thread counts, ids, actions and seeds throw errors that name the fix', () => {
    expect(() => new AtariVectorEnv('PongNoFrameskip-v4', { numEnvs: 0 })).toThrow(/numEnvs must be an integer within 1\.\.4096/);
    expect(() => new AtariVectorEnv('PongNoFrameskip-v4', { numEnvs: 2.5 })).toThrow(/numEnvs must be an integer/);
    expect(() => new AtariVectorEnv('PongNoFrameskip-v4', { numEnvs: 4, numThreads: 5 })).toThrow(/numThreads must be an integer within 1\.\.numEnvs \(4\)/);
    expect(() => new AtariVectorEnv('PongNoFrameskip-v4', { numEnvs: 4, numThreads: 0 })).toThrow(/numThreads/);
    expect(() => new AtariVectorEnv('PongNoFrameskip-v4', { noopMax: 0 })).toThrow(/noopMax must be an integer >= 1/);
    expect(() => new AtariVectorEnv('CartPole-v1')).toThrow(/runs Atari ids .*'CartPole-v1' is not one/);
    expect(() => new AtariVectorEnv('Breakout-v9')).toThrow(/unknown environment id 'Breakout-v9'.*Did you mean/);
    expect(() => new AtariVectorEnv('PongNoFrameskip-v4', { mode: 99 })).toThrow(/mode 99 is not available for pong/);

    const v = new AtariVectorEnv('BreakoutNoFrameskip-v4', { numEnvs: 2, numThreads: 2 });
    expect(() => v.step([0, 0])).toThrow(/call reset\(\) before step\(\)/);
    expect(() => v.reset([1])).toThrow(/one seed per env \(2\), got 1/);
    expect(() => v.reset(-1)).toThrow(/seeds must be integers within 0\.\.2147483647, got -1 for env 0/);
    expect(() => v.reset([0, 0.5])).toThrow(/got 0\.5 for env 1/);
    v.reset(0);
    expect(() => v.step(new Int32Array([0, 4]))).toThrow(/actions\[1\] = 4 is outside the action space Discrete\(4\): use 0\.\.3/);
    expect(() => v.step(new Int32Array([-1, 0]))).toThrow(/actions\[0\] = -1 is outside/);
    expect(() => v.step([0, 7])).toThrow(/actions\[1\] = 7 is outside the action space Discrete\(4\)/);
    expect(() => v.step([0, 1.5])).toThrow(/actions\[1\] = 1\.5 is outside/);
    expect(() => v.step(new Int32Array(3))).toThrow(/need 2 entries \(one per env\), got 3/);
    expect(() => v.step([0])).toThrow(/need 2 entries/);
    expect(() => v.step(new Float64Array(2) as unknown as Int32Array)).toThrow(/Int32Array/);
    // An illegal action changed nothing: the env steps on, and the same as a fresh one.
    const fresh = new AtariVectorEnv('BreakoutNoFrameskip-v4', { numEnvs: 2, numThreads: 1 });
    fresh.reset(0);
    for (let t = 0; t < 5; ++t) expect(Buffer.from(v.step([1, 3]).observations).equals(Buffer.from(fresh.step([1, 3]).observations))).toBe(true);
    fresh.close();
    v.close();
    v.close(); // closing twice is fine
    expect(() => v.step([0, 0])).toThrow(/this AtariVectorEnv is closed; create a new one/);
    expect(() => v.reset(0)).toThrow(/closed/);
  });

  it('the native generator draws what src/env/rng.ts draws', () => {
    for (const [seed, lo, hi] of [[0, 1, 31], [12345, 0, 4], [2 ** 31 - 1, 2, 5]]) {
      const r = new Rng(seed);
      const want = Array.from({ length: 200 }, () => r.integers(lo, hi));
      expect(native().nativeRngIntegers(seed, lo, hi, 200)).toEqual(want);
    }
  });
});
