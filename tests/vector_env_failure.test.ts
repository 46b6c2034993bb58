// When an emulator fails inside a worker thread: step() throws and stepAsync() rejects with one
// line naming the env, the process lives on, the other envs were stepped, and the vector env stays
// usable. The failure is injected through the native test hook, on the real threads.
import { describe, expect, it } from 'vitest';
import './paths.ts';
import { AtariVectorEnv } from '../src/index.ts';

type Hooked = { handle: { failNextStepForTesting(i: number): void } };

describe('AtariVectorEnv when a worker fails', () => {
  it('stepAsync rejects with the failing env named; the others stepped; the env goes on', async () => {
    const v = new AtariVectorEnv('BreakoutNoFrameskip-v4', { numEnvs: 4, numThreads: 2 });
    v.reset(1);
    const before = Array.from(v.result.observations);
    (v as unknown as Hooked).handle.failNextStepForTesting(2);
    await expect(v.stepAsync([1, 1, 1, 1])).rejects.toThrow(/^step failed: env 2: the emulator failed \(injected by failNextStep\)$/);
    expect(v.inFlight).toBe(false);
    const n = before.length / 4;
    // Envs 0, 1 and 3 moved on (a new frame was stacked), env 2 did not.
    for (const i of [0, 1, 3]) expect(Array.from(v.result.observations.subarray(i * n, (i + 1) * n))).not.toEqual(before.slice(i * n, (i + 1) * n));
    expect(Array.from(v.result.observations.subarray(2 * n, 3 * n))).toEqual(before.slice(2 * n, 3 * n));
    const r = await v.stepAsync([0, 0, 0, 0]);
    expect(r.rewards).toHaveLength(4);
    (v as unknown as Hooked).handle.failNextStepForTesting(0);
    expect(() => v.step([0, 0, 0, 0])).toThrow(/^step failed: env 0: the emulator failed/);
    v.step([0, 0, 0, 0]);
    v.close();
  });
});
