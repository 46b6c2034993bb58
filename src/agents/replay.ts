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
// Checkpoints save the memory in blocks of slots and rewrite only the blocks changed since the previous
// one: at most 64 blocks, and none over 32 MiB of frames (1M Atari frames: 211 blocks of 4,755 slots).
const MAX_BLOCKS = 64;
const MAX_BLOCK_BYTES = 32 << 20;

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
  /** Slots per block of the saved form (see replay_store.ts). */
  readonly blockSlots: number;
  private readonly dirty: Uint8Array; // per block: changed since markClean()

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
    this.blockSlots = replayLayout(o).blockSlots;
    this.dirty = new Uint8Array(Math.ceil(o.capacity / this.blockSlots));
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
    this.touch(slot);
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
    this.touch(prev);
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
    this.touch(last);
    this.flags[last] |= FLAG_END;
    this.tree?.set(last, 0);
  }

  private touch(slot: number): void {
    this.dirty[Math.floor(slot / this.blockSlots)] = 1;
  }

  // --- The saved form (replay_store.ts reads and writes files; the memory only exposes its parts) ---

  get blockCount(): number {
    return this.dirty.length;
  }

  /** The settings a saved memory must share with this one to be loaded into it. */
  get layout(): ReplayLayout {
    return {
      capacity: this.capacity, frameSize: this.frameSize, stack: this.stack, gamma: this.gamma, nStep: this.nStep,
      prioritized: this.tree ? { alpha: this.alpha, epsilon: this.prioEps } : null, blockSlots: this.blockSlots,
    };
  }

  /** Write position, fill level, open episode, priority scale and the sampling generator. */
  get cursor(): ReplayCursor {
    return { next: this.next, count: this.count, episodeOpen: this.episodeOpen, maxPriority: this.maxPriority, rng: this.rng.getState() };
  }

  set cursor(c: ReplayCursor) {
    const ok = Number.isInteger(c.next) && c.next >= 0 && c.next < this.capacity && Number.isInteger(c.count) && c.count >= 0 &&
      c.count <= this.capacity && (c.count === this.capacity || c.next === c.count) && typeof c.episodeOpen === 'boolean' && c.maxPriority > 0;
    if (!ok) throw new RangeError(`replay cursor ${JSON.stringify(c)} does not fit a memory of ${this.capacity} slots`);
    this.rng.setState(c.rng);
    ({ next: this.next, count: this.count, episodeOpen: this.episodeOpen, maxPriority: this.maxPriority } = c);
  }

  /** Slots [first, end) of block i. */
  blockRange(i: number): [number, number] {
    return [i * this.blockSlots, Math.min((i + 1) * this.blockSlots, this.capacity)];
  }

  /** Block i as byte views into the memory, in saved order: its frames, actions, rewards, flags. */
  blockParts(i: number): Uint8Array[] {
    const [first, end] = this.blockRange(i);
    const parts: Uint8Array[] = [];
    for (let s = first; s < end;) {
      const c = Math.floor(s / this.framesPerChunk);
      const upto = Math.min(end, (c + 1) * this.framesPerChunk);
      const off = (s - c * this.framesPerChunk) * this.frameSize;
      parts.push(this.chunks[c].subarray(off, off + (upto - s) * this.frameSize));
      s = upto;
    }
    const bytes = (a: Int32Array | Float32Array | Uint8Array) =>
      new Uint8Array(a.buffer, a.byteOffset + first * a.BYTES_PER_ELEMENT, (end - first) * a.BYTES_PER_ELEMENT);
    parts.push(bytes(this.actions), bytes(this.rewards), bytes(this.flags));
    return parts;
  }

  /** True when block i changed since the last markClean() (a new memory is clean: all zeros). */
  isDirty(i: number): boolean {
    return this.dirty[i] === 1;
  }

  /** Blocks holding no slot ever written (beyond the fill level of a memory that has not wrapped). */
  isEmpty(i: number): boolean {
    return this.count < this.capacity && this.blockRange(i)[0] >= this.count;
  }

  markClean(): void {
    this.dirty.fill(0);
  }

  /** The priority of every slot (raised to alpha), as the sum tree holds them; undefined without prioritization. */
  get priorities(): Float64Array | undefined {
    return this.tree?.leafValues(this.capacity);
  }

  set priorities(p: Float64Array | undefined) {
    if (!this.tree || !p || p.length !== this.capacity) throw new RangeError('replay: priorities do not fit this memory');
    this.tree.load(p);
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

/** The saved form's settings of a memory made with these options (checkable before allocating it). */
export function replayLayout(o: ReplayOptions): ReplayLayout {
  const frameSize = o.frameShape.reduce((a, b) => a * b, 1);
  return {
    capacity: o.capacity, frameSize, stack: o.stack, gamma: o.gamma ?? 0.99, nStep: o.nStep ?? 1,
    prioritized: o.prioritized ? { alpha: o.prioritized.alpha, epsilon: o.prioritized.epsilon ?? 1e-6 } : null,
    blockSlots: Math.max(1, Math.min(Math.ceil(o.capacity / MAX_BLOCKS), Math.floor(MAX_BLOCK_BYTES / frameSize))),
  };
}

export interface ReplayLayout {
  capacity: number;
  frameSize: number;
  stack: number;
  gamma: number;
  nStep: number;
  prioritized: { alpha: number; epsilon: number } | null;
  blockSlots: number;
}

export interface ReplayCursor {
  next: number;
  count: number;
  episodeOpen: boolean;
  maxPriority: number;
  rng: number[];
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
  /** The first n leaves, as a view. */
  leafValues(n: number): Float64Array {
    return this.sums.subarray(this.leaves, this.leaves + n);
  }
  /** Set all leaves at once. Every inner node is the sum (min) of its children after any sequence of set(), so
   * rebuilding bottom-up gives exactly the tree those calls built. */
  load(values: Float64Array): void {
    for (let i = 0; i < this.leaves; ++i) {
      const p = i < values.length ? values[i] : 0;
      this.sums[this.leaves + i] = p;
      this.mins[this.leaves + i] = p > 0 ? p : Infinity;
    }
    for (let k = this.leaves - 1; k >= 1; --k) {
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
