import { describe, expect, it } from 'vitest';

import { ALE } from '../src/env/ale.ts';
import './paths.ts';

function rollout(ale: ALE, steps: number, seed: number) {
  let x = seed;
  const rams: string[] = [];
  const screens: string[] = [];
  let ret = 0;
  const actions = ale.minimalActionSet();
  for (let t = 0; t < steps; ++t) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    ret += ale.act(actions[(x >>> 16) % actions.length]);
    if (ale.gameOver()) ale.reset();
    rams.push(Buffer.from(ale.getRAM()).toString('hex'));
    screens.push(Buffer.from(ale.getScreen()).toString('base64'));
  }
  return { rams, screens, ret };
}

describe('determinism', () => {
  it('two environments with the same seed and actions give identical RAM and screens (sticky actions on)', () => {
    const a = rollout(new ALE('seaquest', { seed: 7, repeatActionProbability: 0.25, frameSkip: 4 }), 300, 1);
    const b = rollout(new ALE('seaquest', { seed: 7, repeatActionProbability: 0.25, frameSkip: 4 }), 300, 1);
    expect(a.rams).toEqual(b.rams);
    expect(a.screens).toEqual(b.screens);
    const c = rollout(new ALE('seaquest', { seed: 8, repeatActionProbability: 0.25, frameSkip: 4 }), 300, 1);
    expect(c.rams).not.toEqual(a.rams); // the seed does matter
  });

  it('cloneState/restoreState round-trips mid-episode', () => {
    const ale = new ALE('ms_pacman', { seed: 3, repeatActionProbability: 0.25 });
    rollout(ale, 500, 5);
    const state = ale.cloneState(true);
    const frame = ale.episodeFrameNumber();
    const first = rollout(ale, 400, 9);
    ale.restoreState(state);
    expect(ale.episodeFrameNumber()).toBe(frame);
    const second = rollout(ale, 400, 9);
    expect(second.rams).toEqual(first.rams);
    expect(second.screens).toEqual(first.screens);
    expect(second.ret).toBe(first.ret);
  });

  it('a state restores into a fresh environment of the same game', () => {
    const a = new ALE('breakout', { repeatActionProbability: 0 });
    rollout(a, 200, 11);
    const s = a.cloneState();
    const b = new ALE('breakout', { repeatActionProbability: 0 });
    b.restoreState(s);
    expect(rollout(b, 100, 4).rams).toEqual(rollout(a, 100, 4).rams);
  });
});
