// Other game modes and difficulties through the Gymnasium layer: make(id, { mode, difficulty })
// replays ALE's variant traces frame for frame, seeded resets included (a reseed rebuilds the
// emulator and must keep the mode). The parity test replays the same traces at the ALE level.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

import { listTraces, type TraceHeader } from '../src/env/parity.ts';
import { make, type AtariEnv } from '../src/index.ts';
import { tracesDir } from './paths.ts';

const IDS: Record<string, string> = {
  pong: 'ALE/Pong-v5', space_invaders: 'ALE/SpaceInvaders-v5', ms_pacman: 'ALE/MsPacman-v5', asteroids: 'ALE/Asteroids-v5',
};
const VARIANTS = ['pong_m1d2', 'space_invaders_m9d1', 'ms_pacman_m2_sticky', 'asteroids_m128d3_sticky'];
const STEPS = 1500;

const read = (name: string) => {
  const lines = gunzipSync(readFileSync(path.join(tracesDir, `${name}.trace.jsonl.gz`))).toString('utf8').split('\n').filter((l) => l);
  return { header: JSON.parse(lines[0]) as TraceHeader, records: lines.slice(1).map((l) => JSON.parse(l)) };
};

describe('non-default modes and difficulties', () => {
  it('the parity test replays the variant traces (modes, difficulties, sticky actions)', () => {
    const names = listTraces(tracesDir).map((f) => path.basename(f).replace(/\.trace\.jsonl\.gz$/, ''));
    for (const v of VARIANTS) expect(names).toContain(v);
    for (const v of VARIANTS) expect(read(v).header.settings.mode).not.toBe(0);
  });

  for (const name of VARIANTS) {
    it(`${name}: make(id, { mode, difficulty }) after a seeded reset steps as ALE did (RAM, reward, lives, flags, frame)`, () => {
      const { header, records } = read(name);
      const s = header.settings;
      const env = make(IDS[header.game], {
        mode: s.mode, difficulty: s.difficulty, frameskip: 1, repeatActionProbability: s.repeat_action_probability,
        maxNumFramesPerEpisode: s.max_num_frames_per_episode, fullActionSpace: true, obsType: 'ram',
      }) as AtariEnv;
      expect(env.ale.info()).toMatchObject({ mode: s.mode, difficulty: s.difficulty });
      // Play a while on another seed first: the seeded reset must start the trace's sticky-action
      // stream afresh, on a new emulator that keeps the mode and difficulty.
      env.reset({ seed: s.random_seed + 1 });
      for (let t = 0; t < 50; ++t) env.step(t % 18);
      const first = env.reset({ seed: s.random_seed });
      expect(Buffer.from(first.observation).toString('hex')).toBe(header.ram_at_reset);
      let steps = 0;
      for (const rec of records) {
        if (steps >= STEPS) break;
        if (rec.reset) {
          const r = env.reset();
          expect(Buffer.from(r.observation).toString('hex'), `reset after ${rec.t}`).toBe(rec.ram);
          continue;
        }
        ++steps;
        // With the full action set an action's index is its ALE id.
        const r = env.step(rec.a);
        const got = { ram: Buffer.from(r.observation).toString('hex'), r: r.reward, lives: r.info.lives, over: r.terminated || r.truncated, frame: r.info.episode_frame_number };
        if (got.ram !== rec.ram || got.r !== rec.r || got.lives !== rec.lives || got.over !== rec.over || got.frame !== rec.frame)
          expect(got, `step ${rec.t}`).toEqual({ ram: rec.ram, r: rec.r, lives: rec.lives, over: rec.over, frame: rec.frame });
      }
      expect(steps).toBe(STEPS);
      env.close();
    });
  }
});
