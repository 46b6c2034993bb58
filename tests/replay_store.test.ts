// The replay memory saved into checkpoint folders and loaded back: a loaded memory samples exactly
// what the saved one would have, later checkpoints write only the blocks that changed, and files
// that do not belong or were damaged are refused with their own errors.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReplayMemory, type ReplayOptions } from '../src/agents/replay.ts';
import { ReplayDamagedError, ReplayMismatchError, ReplayStore } from '../src/agents/replay_store.ts';
import { Rng } from '../src/env/rng.ts';

const opts = (o: Partial<ReplayOptions> = {}): ReplayOptions => ({
  capacity: 640, frameShape: [12, 10], stack: 4, gamma: 0.9, nStep: 3, seed: 11, prioritized: { alpha: 0.6 }, ...o,
});

/** Episodes of random frames and rewards, some ending terminated, some truncated. */
function fill(mem: ReplayMemory, steps: number, rng: Rng): void {
  const frame = () => Uint8Array.from({ length: 120 }, () => rng.integers(0, 256));
  if (mem.size === 0) mem.startEpisode(frame());
  for (let t = 0; t < steps; ++t) {
    const end = rng.random();
    mem.add(rng.integers(0, 6), rng.uniform(-1, 1), frame(), end < 0.02, end > 0.99);
    if (end < 0.02 || end > 0.99) mem.startEpisode(frame());
  }
}

/** Interleaved samples and priority updates; everything they return. */
function draw(mem: ReplayMemory, rounds: number): string {
  const rng = new Rng(5);
  const out: string[] = [];
  for (let k = 0; k < rounds; ++k) {
    const b = mem.sample(16, 0.5);
    out.push(Buffer.from(b.obs).toString('base64'), Buffer.from(b.nextObs).toString('base64'),
      [...b.actions, ...b.rewards, ...b.dones, ...b.discounts, ...b.weights, ...b.indices].join(','));
    mem.updatePriorities(b.indices, Float32Array.from(b.indices, () => rng.uniform(0, 3)));
  }
  return out.join('|');
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'replay-store-'));

describe('replay memory in checkpoints', () => {
  for (const prioritized of [{ alpha: 0.6 }, undefined]) {
    it(`a loaded memory continues exactly as the saved one (${prioritized ? 'prioritized' : 'uniform'}, wrapped ring)`, () => {
      const rng = new Rng(1);
      const a = new ReplayMemory(opts({ prioritized }));
      fill(a, 900, rng); // more than the capacity: the ring has wrapped
      draw(a, 5);
      const dir = path.join(tmp(), 'replay');
      new ReplayStore(a).save(dir, 900);
      const b = new ReplayMemory(opts({ prioritized, seed: 999 })); // the generator comes from the file
      new ReplayStore(b).load(dir, 900);
      expect(b.size).toBe(a.size);
      expect(draw(b, 20)).toBe(draw(a, 20));
      // And after more steps on both.
      const r1 = new Rng(8), r2 = new Rng(8);
      fill(a, 50, r1);
      fill(b, 50, r2);
      expect(draw(b, 5)).toBe(draw(a, 5));
    });
  }

  it('later checkpoints write only the blocks changed since the previous one and link the rest', () => {
    const root = tmp();
    const mem = new ReplayMemory(opts({ capacity: 6400 }));
    expect(mem.blockCount).toBe(64);
    const store = new ReplayStore(mem);
    const rng = new Rng(2);
    fill(mem, 1000, rng);
    const first = store.save(path.join(root, 'c1'), 1000);
    store.committed(path.join(root, 'c1'));
    // Blocks beyond the fill level are not written at all.
    expect(first.written).toBe(Math.ceil(mem.size / 100));
    expect(first.shared).toBe(0);
    draw(mem, 3); // priorities change everywhere; blocks do not
    fill(mem, 150, rng);
    const second = store.save(path.join(root, 'c2'), 1150);
    store.committed(path.join(root, 'c2'));
    const changed = second.written;
    expect(changed).toBeGreaterThanOrEqual(2);
    expect(changed).toBeLessThanOrEqual(3);
    expect(second.shared).toBe(first.written - 1);
    const index = JSON.parse(fs.readFileSync(path.join(root, 'c2', 'index.json'), 'utf8'));
    let linked = 0;
    for (const e of index.blocks.filter(Boolean)) {
      const a = path.join(root, 'c1', e.file), b = path.join(root, 'c2', e.file);
      if (fs.existsSync(a) && fs.statSync(a).ino === fs.statSync(b).ino) linked++;
    }
    expect(linked).toBe(second.shared);
    // Deleting the older checkpoint leaves the newer one whole.
    fs.rmSync(path.join(root, 'c1'), { recursive: true });
    const back = new ReplayMemory(opts({ capacity: 6400 }));
    new ReplayStore(back).load(path.join(root, 'c2'), 1150);
    expect(draw(back, 5)).toBe(draw(mem, 5));
  });

  it('refuses a memory of other settings or another step, and damaged files, each with its own error', () => {
    const mem = new ReplayMemory(opts());
    fill(mem, 300, new Rng(3));
    const dir = path.join(tmp(), 'replay');
    new ReplayStore(mem).save(dir, 300);
    const load = (o: Partial<ReplayOptions>, step = 300) => () => new ReplayStore(new ReplayMemory(opts(o))).load(dir, step);
    expect(load({ capacity: 700 })).toThrow(ReplayMismatchError);
    expect(load({ capacity: 700 })).toThrow(/--buffer-size 640, this run 700/);
    expect(load({ nStep: 1 })).toThrow(/--n-step 3, this run 1/);
    expect(load({ prioritized: undefined })).toThrow(/saved with --prioritized \(alpha 0.6\), this run uses uniform sampling/);
    expect(load({}, 400)).toThrow(/saved at step 300, but the checkpoint is at step 400/);
    expect(load({})).not.toThrow();

    const block = path.join(dir, 'block-00001.bin');
    const good = fs.readFileSync(block);
    const bad = Buffer.from(good);
    bad[bad.length >> 1] ^= 1;
    fs.writeFileSync(block, bad);
    expect(load({})).toThrow(ReplayDamagedError);
    expect(load({})).toThrow(/block-00001.bin does not match its checksum/);
    fs.writeFileSync(block, good.subarray(0, 100));
    expect(load({})).toThrow(/block-00001.bin has 100 bytes, expected 1290/);
    fs.rmSync(block);
    expect(load({})).toThrow(/block-00001.bin is missing/);
    fs.writeFileSync(block, good);
    fs.writeFileSync(path.join(dir, 'priorities.bin'), Buffer.alloc(8));
    expect(load({})).toThrow(/priorities.bin has 8 bytes, expected 5120/);
    fs.writeFileSync(path.join(dir, 'index.json'), '{"format": "atari-rl replay');
    expect(load({})).toThrow(/index.json cannot be read/);
  });
});
