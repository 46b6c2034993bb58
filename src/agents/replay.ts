// Replay memory for stacked-frame observations at Atari scale.
//
// Every frame is stored once: slot i holds one frame plus the action taken from it, the reward
// and whether the episode ended there. A stacked observation is rebuilt from the k slots ending
// at i when sampled; slots before the episode's first one repeat that first frame, exactly as
// FrameStack pads after a reset. An episode of T steps takes T + 1 slots (its last frame has no
// action), so memory per transition is about one frame.
import os from 'node:os';
import { Rng } from '../env/rng.ts';

export interface ReplayOptions {
  capacity: number;        // slots (≈ transitions)
  frameShape: number[];    // e.g. [84, 84]
  stack: number;           // frames per observation, e.g. 4
  gamma?: number;          // for n-step returns
  nStep?: number;          // 1 = plain one-step targets
  prioritized?: { alpha: number; epsilon?: number };
  seed?: number;
}

/** A sampled batch, in buffers owned by the memory and overwritten by the next sample. */
export interface ReplayBatch {
  size: number;
  obs: Uint8Array;        // [batch, stack, ...frameShape], oldest frame first
  nextObs: Uint8Array;    // the observation n steps later (meaningless where done = 1)
  actions: Int32Array;
  rewards: Float32Array;  // n-step discounted sum
  dones: Float32Array;    // 1 where the episode terminated within the n steps
  discounts: Float32Array; // gamma^k for the bootstrap, k = steps actually taken
  weights: Float32Array;  // importance weights (all 1 without prioritization)
  indices: Int32Array;    // slots, for updatePriorities()
}

const FLAG_START = 1; // first frame of an episode
const FLAG_TERMINAL = 2; // the step from this slot terminated the episode (no bootstrap)
const FLAG_END = 4; // last frame of an episode: no action was taken from it
const CHUNK_BYTES = 1 << 30; // typed arrays stay below the engine's per-array limit

/** Bytes a memory of this shape needs (frames plus per-slot bookkeeping). */
export function replayBytes(capacity: number, frameShape: number[], prioritized = false): number {
  const frame = frameShape.reduce((a, b) => a * b, 1);
  const perSlot = frame + 4 + 4 + 1 + (prioritized ? 16 : 0);
  return capacity * perSlot;
}

const gib = (b: number) => `${(b / 2 ** 30).toFixed(2)} GiB`;

export class ReplayMemory {
  readonly capacity: number;
  readonly frameSize: number;
  readonly stack: number;
  readonly gamma: number;
  readonly nStep: number;
  private readonly chunks: Uint8Array[] = [];
  private readonly framesPerChunk: number;
  private readonly actions: Int32Array;
  private readonly rewards: Float32Array;
  private readonly flags: Uint8Array;
  private next = 0;      // slot written next
  private count = 0;     // slots filled
  private episodeOpen = false;
  private readonly rng: Rng;
  private readonly tree?: SumTree;
  private readonly alpha: number;
  private readonly prioEps: number;
  private maxPriority = 1;
  private readonly batches = new Map<number, ReplayBatch>();

  constructor(o: ReplayOptions) {
    if (!Number.isInteger(o.capacity) || o.capacity < o.stack + 2)
      throw new RangeError(`replay capacity must be an integer of at least ${o.stack + 2}, got ${o.capacity}`);
    this.capacity = o.capacity;
    this.frameSize = o.frameShape.reduce((a, b) => a * b, 1);
    this.stack = o.stack;
    this.gamma = o.gamma ?? 0.99;
    this.nStep = o.nStep ?? 1;
    if (!Number.isInteger(this.nStep) || this.nStep < 1) throw new RangeError(`nStep must be a positive integer, got ${o.nStep}`);
    const need = replayBytes(o.capacity, o.frameShape, !!o.prioritized);
    const available = os.freemem();
    if (need > available * 0.9) {
      throw new Error(
        `replay memory of ${o.capacity.toLocaleString('en')} transitions needs ${gib(need)}, but only ${gib(available)} ` +
          `is free on this machine; lower the buffer size (e.g. --buffer-size ${Math.floor((o.capacity * available * 0.8) / need)})`,
      );
    }
    this.framesPerChunk = Math.max(1, Math.floor(CHUNK_BYTES / this.frameSize));
    for (let left = o.capacity; left > 0; left -= this.framesPerChunk)
      this.chunks.push(new Uint8Array(Math.min(left, this.framesPerChunk) * this.frameSize));
    this.actions = new Int32Array(o.capacity);
    this.rewards = new Float32Array(o.capacity);
    this.flags = new Uint8Array(o.capacity);
    this.rng = new Rng(o.seed ?? 0);
    this.alpha = o.prioritized?.alpha ?? 0;
    this.prioEps = o.prioritized?.epsilon ?? 1e-6;
    if (o.prioritized) this.tree = new SumTree(o.capacity);
  }

  get size(): number {
    return this.count;
  }

  /** The slot holding the newest frame (the current observation's last frame). */
  get newestSlot(): number {
    return (this.next - 1 + this.capacity) % this.capacity;
  }

  /** The stacked observation ending at a slot, as sample() builds it (for inspection and tests). */
  observationAt(slot: number): Uint8Array {
    const out = new Uint8Array(this.stack * this.frameSize);
    this.gather(slot, out, 0);
    return out;
  }

  /** Bytes held by the frame store and the bookkeeping arrays. */
  get bytes(): number {
    let b = this.actions.byteLength + this.rewards.byteLength + this.flags.byteLength;
    for (const c of this.chunks) b += c.byteLength;
    return b + (this.tree ? this.tree.bytes : 0);
  }

  private frameView(slot: number): Uint8Array {
    const c = Math.floor(slot / this.framesPerChunk);
    const off = (slot - c * this.framesPerChunk) * this.frameSize;
    return this.chunks[c].subarray(off, off + this.frameSize);
  }

  private writeSlot(frame: Uint8Array, flags: number): number {
    if (frame.length !== this.frameSize) throw new RangeError(`replay frame has ${frame.length} bytes, expected ${this.frameSize}`);
    const slot = this.next;
    this.frameView(slot).set(frame);
    this.flags[slot] = flags;
    this.actions[slot] = 0;
    this.rewards[slot] = 0;
    this.tree?.set(slot, 0); // not sampleable until its action is known
    this.next = (slot + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
    return slot;
  }

  /** Start an episode with its first frame (the newest frame of the reset observation). */
  startEpisode(frame: Uint8Array): void {
    if (this.episodeOpen) this.markLastAsEnd();
    this.writeSlot(frame, FLAG_START);
    this.episodeOpen = true;
  }

  /**
   * Record one step: the action taken from the latest frame, its reward, and the newest frame of
   * the next observation. `terminated` stops bootstrapping; `truncated` only ends the episode.
   */
  add(action: number, reward: number, nextFrame: Uint8Array, terminated: boolean, truncated: boolean): void {
    if (!this.episodeOpen) throw new Error('replay: add() before startEpisode()');
    const prev = (this.next - 1 + this.capacity) % this.capacity;
    this.actions[prev] = action;
    this.rewards[prev] = reward;
    if (terminated) this.flags[prev] |= FLAG_TERMINAL;
    const ended = terminated || truncated;
    this.writeSlot(nextFrame, ended ? FLAG_END : 0);
    if (this.tree) this.tree.set(prev, this.maxPriority ** this.alpha);
    if (ended) this.episodeOpen = false;
  }

  private markLastAsEnd(): void {
    const last = (this.next - 1 + this.capacity) % this.capacity;
    this.flags[last] |= FLAG_END;
    this.tree?.set(last, 0);
  }

  /** True when a transition of nStep steps starts at this slot and is still fully in memory. */
  private valid(slot: number): boolean {
    if (this.count < this.capacity && slot >= this.count) return false;
    // Walk forward over the n steps: every slot up to the last used must be written and of the same episode.
    let s = slot;
    for (let k = 0; k < this.nStep; ++k) {
      if (this.flags[s] & FLAG_END) return false; // no action from here
      if (s === (this.next - 1 + this.capacity) % this.capacity) return false; // newest slot: no successor yet
      if (this.flags[s] & FLAG_TERMINAL) return true;
      s = (s + 1) % this.capacity;
      if (s === this.next) return false;
      if (this.flags[s] & FLAG_END) return true; // episode truncated: the next frame exists
    }
    return true;
  }

  /** Copy the stacked observation ending at `slot` into out (stack frames, oldest first). */
  private gather(slot: number, out: Uint8Array, offset: number): void {
    // Frames older than the episode's first (or than the oldest kept slot) repeat the earliest one.
    const oldest = this.count < this.capacity ? 0 : this.next;
    let s = slot;
    for (let j = this.stack - 1; j >= 0; --j) {
      out.set(this.frameView(s), offset + j * this.frameSize);
      if (!(this.flags[s] & FLAG_START) && s !== oldest) s = (s - 1 + this.capacity) % this.capacity;
    }
  }

  private batchBuffers(n: number): ReplayBatch {
    let b = this.batches.get(n);
    if (!b) {
      const obsBytes = n * this.stack * this.frameSize;
      b = {
        size: n,
        obs: new Uint8Array(obsBytes),
        nextObs: new Uint8Array(obsBytes),
        actions: new Int32Array(n),
        rewards: new Float32Array(n),
        dones: new Float32Array(n),
        discounts: new Float32Array(n),
        weights: new Float32Array(n),
        indices: new Int32Array(n),
      };
      this.batches.set(n, b);
    }
    return b;
  }

  /** Sample n transitions (uniformly, or by priority with importance weights of exponent beta). */
  sample(n: number, beta = 0.4): ReplayBatch {
    const b = this.batchBuffers(n);
    const obsBytes = this.stack * this.frameSize;
    const tree = this.tree;
    if (tree && tree.total <= 0) throw new Error('replay: nothing to sample yet');
    let minProb = 1;
    if (tree) minProb = tree.min / tree.total;
    for (let i = 0; i < n; ++i) {
      let slot: number;
      let tries = 0;
      do {
        if (tries++ > 1000) throw new Error(`replay: no valid transition among ${this.count} slots; add more steps before sampling`);
        if (tree) {
          // Stratified: one draw per equal segment of the priority mass.
          const seg = tree.total / n;
          slot = tree.find(seg * (i + this.rng.random()));
        } else {
          slot = this.rng.integers(0, this.count);
        }
      } while (!this.valid(slot));
      b.indices[i] = slot;
      b.actions[i] = this.actions[slot];
      this.gather(slot, b.obs, i * obsBytes);
      // n-step return from this slot.
      let ret = 0;
      let disc = 1;
      let s = slot;
      let done = 0;
      for (let k = 0; k < this.nStep; ++k) {
        ret += disc * this.rewards[s];
        disc *= this.gamma;
        const f = this.flags[s];
        s = (s + 1) % this.capacity;
        if (f & FLAG_TERMINAL) { done = 1; break; }
        if (this.flags[s] & FLAG_END) break;
      }
      b.rewards[i] = ret;
      b.dones[i] = done;
      b.discounts[i] = disc;
      this.gather(s, b.nextObs, i * obsBytes);
      if (tree) {
        const p = tree.get(slot) / tree.total;
        b.weights[i] = (p / minProb) ** -beta; // normalised so the largest weight is 1
      } else {
        b.weights[i] = 1;
      }
    }
    return b;
  }

  /** New priorities (e.g. |TD error|) for the slots of the last sample. */
  updatePriorities(indices: Int32Array, priorities: ArrayLike<number>): void {
    if (!this.tree) return;
    for (let i = 0; i < indices.length; ++i) {
      const p = Math.abs(priorities[i]) + this.prioEps;
      this.maxPriority = Math.max(this.maxPriority, p);
      if (this.valid(indices[i])) this.tree.set(indices[i], p ** this.alpha);
    }
  }
}

/** Sum tree over slot priorities: O(log n) update and prefix-sum search; also tracks the minimum. */
class SumTree {
  private readonly sums: Float64Array;
  private readonly mins: Float64Array;
  private readonly leaves: number;
  constructor(n: number) {
    let l = 1;
    while (l < n) l *= 2;
    this.leaves = l;
    this.sums = new Float64Array(2 * l);
    this.mins = new Float64Array(2 * l).fill(Infinity);
  }
  get bytes(): number {
    return this.sums.byteLength + this.mins.byteLength;
  }
  get total(): number {
    return this.sums[1];
  }
  get min(): number {
    return this.mins[1];
  }
  get(i: number): number {
    return this.sums[this.leaves + i];
  }
  set(i: number, p: number): void {
    let k = this.leaves + i;
    this.sums[k] = p;
    this.mins[k] = p > 0 ? p : Infinity;
    for (k >>= 1; k >= 1; k >>= 1) {
      this.sums[k] = this.sums[2 * k] + this.sums[2 * k + 1];
      this.mins[k] = Math.min(this.mins[2 * k], this.mins[2 * k + 1]);
    }
  }
  find(mass: number): number {
    let k = 1;
    while (k < this.leaves) {
      const left = this.sums[2 * k];
      if (mass < left || this.sums[2 * k + 1] <= 0) k = 2 * k;
      else { mass -= left; k = 2 * k + 1; }
    }
    return k - this.leaves;
  }
}
