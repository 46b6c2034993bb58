// Replay for N envs stepped together (`--num-envs`): one ReplayMemory stream per env, so a frame
// stack never mixes two games, each of bufferSize / N slots (as SB3's buffer gives every env its
// own column of buffer_size / n_envs rows). A batch is uniform over all the transitions held: each
// draw picks a stream in proportion to its fill, then the stream samples its share.
import fs from 'node:fs';
import path from 'node:path';
import { Rng } from '../env/rng.ts';
import { ReplayMemory, replayLayout, type ReplayBatch, type ReplayOptions } from './replay.ts';
import { checkSavedReplay, ReplayMismatchError, ReplayStore } from './replay_store.ts';

export class ReplayStreams {
  readonly streams: ReplayMemory[];
  private readonly rng: Rng;
  private readonly counts: Int32Array;
  private readonly batches = new Map<number, ReplayBatch>();
  private readonly obsBytes: number;

  constructor(n: number, o: ReplayOptions) {
    if (o.prioritized) throw new Error('prioritized replay keeps one priority tree: it runs with one env (drop --num-envs or --prioritized)');
    const capacity = Math.floor(o.capacity / n);
    if (capacity < o.stack + 2)
      throw new RangeError(`--buffer-size ${o.capacity} over ${n} envs leaves ${capacity} slots each; give each env at least ${o.stack + 2}`);
    // Each stream's sampling generator is its own, derived from the run's seed.
    this.streams = Array.from({ length: n }, (_, i) => new ReplayMemory({ ...o, capacity, seed: (o.seed ?? 0) * 31 + i + 1 }));
    this.rng = new Rng(o.seed ?? 0);
    this.counts = new Int32Array(n);
    this.obsBytes = o.stack * o.frameShape.reduce((a, b) => a * b, 1);
  }

  /** Transitions held by all streams. */
  get size(): number {
    return this.streams.reduce((s, m) => s + m.size, 0);
  }

  /** The generator that picks streams, for checkpoints. */
  get rngState(): number[] {
    return this.rng.getState();
  }

  set rngState(s: number[]) {
    this.rng.setState(s);
  }

  /** n transitions, uniformly over everything held, in buffers overwritten by the next sample. */
  sample(n: number): ReplayBatch {
    const total = this.size;
    if (total === 0) throw new Error('replay: nothing to sample yet');
    this.counts.fill(0);
    for (let k = 0; k < n; ++k) {
      let r = this.rng.integers(0, total);
      let i = 0;
      while (r >= this.streams[i].size) r -= this.streams[i++].size;
      this.counts[i]++;
    }
    const b = this.batchBuffers(n);
    let at = 0;
    this.streams.forEach((m, i) => {
      const k = this.counts[i];
      if (k === 0) return;
      const part = m.sample(k);
      b.obs.set(part.obs, at * this.obsBytes);
      b.nextObs.set(part.nextObs, at * this.obsBytes);
      for (const key of ['actions', 'rewards', 'dones', 'discounts', 'weights', 'indices'] as const) b[key].set(part[key], at);
      at += k;
    });
    return b;
  }

  private batchBuffers(n: number): ReplayBatch {
    let b = this.batches.get(n);
    if (!b) {
      b = {
        size: n, obs: new Uint8Array(n * this.obsBytes), nextObs: new Uint8Array(n * this.obsBytes), actions: new Int32Array(n),
        rewards: new Float32Array(n), dones: new Float32Array(n), discounts: new Float32Array(n), weights: new Float32Array(n), indices: new Int32Array(n),
      };
      this.batches.set(n, b);
    }
    return b;
  }
}

const streamDir = (dir: string, i: number) => path.join(dir, `env-${i}`);

/** Incremental checkpoints of every stream, one folder each (replay/env-0 ...). */
export class ReplayStreamsStore {
  private readonly stores: ReplayStore[];

  constructor(private readonly mem: ReplayStreams) {
    this.stores = mem.streams.map((m) => new ReplayStore(m));
  }

  save(dir: string, step: number): void {
    this.stores.forEach((s, i) => s.save(streamDir(dir, i), step));
  }

  committed(dir: string): void {
    this.stores.forEach((s, i) => s.committed(streamDir(dir, i)));
  }

  load(dir: string, step: number): void {
    this.stores.forEach((s, i) => s.load(streamDir(dir, i), step));
  }
}

/** A saved set of streams fits a run of n envs with these settings (only the indexes are read). */
export function checkSavedStreams(dir: string, n: number, o: ReplayOptions, step: number): void {
  const layout = replayLayout({ ...o, capacity: Math.floor(o.capacity / n) });
  for (let i = 0; i < n; ++i) checkSavedReplay(streamDir(dir, i), layout, step);
  if (fs.existsSync(streamDir(dir, n)))
    throw new ReplayMismatchError(`${dir} holds more than ${n} env streams: the checkpoint was written with another --num-envs`);
}
