// The replay memory inside a checkpoint, so that a resumed run samples from the memory it left and
// learns at once. A checkpoint's replay/ folder holds index.json (settings, write position, sampling
// generator, and a SHA-256 per file) and one file per block of slots: frames, actions, rewards and
// flags of those slots, as little-endian arrays. With --prioritized, priorities.bin holds every slot's
// priority (float64).
//
// At Atari scale the memory is 6.6 GiB, and between two checkpoints only the blocks around the write
// position change. So a checkpoint writes the blocks changed since the previous one and hard-links the
// others to the previous checkpoint's files (copying them where the file system has no hard links).
// Every checkpoint folder stays complete on its own, and deleting an old one frees only what no newer
// one shares. Files are never changed in place: a shared block is the same bytes in every folder.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ReplayCursor, ReplayLayout, ReplayMemory } from './replay.ts';

const FORMAT = 'atari-rl replay memory';
const VERSION = 1;

interface FileEntry {
  file: string;
  bytes: number;
  sha256: string;
}

export interface ReplayIndex extends ReplayLayout, ReplayCursor {
  format: string;
  version: number;
  step: number;
  blocks: (FileEntry | null)[]; // null: a block never written (all zeros)
  priorityFile: FileEntry | null;
}

/** The saved memory does not belong to this run (other settings, another step). */
export class ReplayMismatchError extends Error {}
/** A file of the saved memory is missing, truncated or changed. */
export class ReplayDamagedError extends Error {}

const blockName = (i: number) => `block-${String(i).padStart(5, '0')}.bin`;

function writeParts(file: string, parts: Uint8Array[]): FileEntry {
  const hash = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  try {
    for (const p of parts) {
      hash.update(p);
      for (let off = 0; off < p.length;) off += fs.writeSync(fd, p, off, p.length - off);
      bytes += p.length;
    }
  } finally {
    fs.closeSync(fd);
  }
  return { file: path.basename(file), bytes, sha256: hash.digest('hex') };
}

/** Read a file into the given views (which together must be exactly its size), checking its hash. */
function readParts(dir: string, e: FileEntry, parts: Uint8Array[]): void {
  const file = path.join(dir, e.file);
  const expected = parts.reduce((n, p) => n + p.length, 0);
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    throw new ReplayDamagedError(`${e.file} is missing`);
  }
  if (size !== e.bytes || size !== expected) throw new ReplayDamagedError(`${e.file} has ${size} bytes, expected ${expected}`);
  const hash = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    for (const p of parts) {
      for (let off = 0; off < p.length;) {
        const n = fs.readSync(fd, p, off, p.length - off, null);
        if (n === 0) throw new ReplayDamagedError(`${e.file} ended early`);
        off += n;
      }
      hash.update(p);
    }
  } finally {
    fs.closeSync(fd);
  }
  if (hash.digest('hex') !== e.sha256) throw new ReplayDamagedError(`${e.file} does not match its checksum`);
}

function linkOrCopy(from: string, to: string): boolean {
  try {
    fs.linkSync(from, to);
    return true;
  } catch {
    try {
      fs.copyFileSync(from, to, fs.constants.COPYFILE_FICLONE);
      return true;
    } catch {
      return false;
    }
  }
}

export interface ReplaySaveStats {
  written: number; // blocks written from memory
  shared: number;  // blocks linked (or copied) from the previous checkpoint
  bytes: number;   // bytes written from memory
}

/** Saves one memory into successive checkpoints, each time writing only what changed since the last. */
export class ReplayStore {
  private base?: { dir: string; blocks: (FileEntry | null)[] }; // the newest replay folder written or loaded
  private pending?: (FileEntry | null)[];

  constructor(private readonly mem: ReplayMemory) {}

  /** Write the memory into `dir` (created; inside a checkpoint being written) as it is at `step`. */
  save(dir: string, step: number): ReplaySaveStats {
    fs.mkdirSync(dir, { recursive: true });
    const mem = this.mem;
    const stats: ReplaySaveStats = { written: 0, shared: 0, bytes: 0 };
    const blocks: (FileEntry | null)[] = [];
    for (let i = 0; i < mem.blockCount; ++i) {
      if (mem.isEmpty(i)) {
        blocks.push(null);
        continue;
      }
      const prev = this.base?.blocks[i];
      if (prev && !mem.isDirty(i) && linkOrCopy(path.join(this.base!.dir, prev.file), path.join(dir, prev.file))) {
        blocks.push(prev);
        stats.shared++;
        continue;
      }
      const e = writeParts(path.join(dir, blockName(i)), mem.blockParts(i));
      blocks.push(e);
      stats.written++;
      stats.bytes += e.bytes;
    }
    const p = mem.priorities;
    const priorityFile = p ? writeParts(path.join(dir, 'priorities.bin'), [new Uint8Array(p.buffer, p.byteOffset, p.byteLength)]) : null;
    if (priorityFile) stats.bytes += priorityFile.bytes;
    const index: ReplayIndex = { format: FORMAT, version: VERSION, step, ...mem.layout, ...mem.cursor, blocks, priorityFile };
    fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify(index) + '\n');
    this.pending = blocks;
    return stats;
  }

  /**
   * The checkpoint written by the last save() is in place, its replay folder now at `dir`: the next
   * save links to it, and the memory counts changes from here.
   */
  committed(dir: string): void {
    if (!this.pending) throw new Error('replay: committed() without a save()');
    this.base = { dir, blocks: this.pending };
    this.pending = undefined;
    this.mem.markClean();
  }

  /** Fill the (new, empty) memory from a checkpoint's replay folder saved at `step`. */
  load(dir: string, step: number): void {
    const mem = this.mem;
    const index = readIndex(dir);
    checkMatches(index, mem.layout, step);
    if (index.blocks.length !== mem.blockCount) throw new ReplayDamagedError(`index.json lists ${index.blocks.length} blocks, expected ${mem.blockCount}`);
    mem.cursor = { next: index.next, count: index.count, episodeOpen: index.episodeOpen, maxPriority: index.maxPriority, rng: index.rng };
    index.blocks.forEach((e, i) => {
      if (e) readParts(dir, e, mem.blockParts(i));
      else if (!mem.isEmpty(i)) throw new ReplayDamagedError(`index.json has no file for block ${i}, which holds transitions`);
    });
    if (index.priorityFile) {
      const p = new Float64Array(mem.capacity);
      readParts(dir, index.priorityFile, [new Uint8Array(p.buffer)]);
      mem.priorities = p;
    }
    this.base = { dir, blocks: index.blocks };
    mem.markClean();
  }
}

/** Check a saved memory's index against the settings of the memory it would be loaded into (no file is read but the index). */
export function checkSavedReplay(dir: string, layout: ReplayLayout, step: number): void {
  checkMatches(readIndex(dir), layout, step);
}

/** The one line for a saved memory that cannot be loaded, with the ways on. */
export function replayProblem(dir: string, e: ReplayMismatchError | ReplayDamagedError): string {
  const what = e instanceof ReplayDamagedError ? 'is damaged' : 'does not match this run';
  const ckpt = path.dirname(dir);
  const root = path.dirname(ckpt);
  const older = fs.readdirSync(root).filter((n) => /^step-\d+$/.test(n) && n < path.basename(ckpt) && fs.existsSync(path.join(root, n, 'COMPLETE'))).sort();
  const earlier = older.length ? `resume from the checkpoint before it with --resume-from ${path.join(root, older[older.length - 1])}, or ` : '';
  return `the replay memory in ${dir} ${what}: ${e.message}; ${earlier}pass --no-save-replay to resume without it (learning restarts after --learning-starts steps)`;
}

function readIndex(dir: string): ReplayIndex {
  const file = path.join(dir, 'index.json');
  let index: ReplayIndex;
  try {
    index = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ReplayDamagedError(`index.json cannot be read (${(e as Error).message.split('\n')[0]})`);
  }
  if (index?.format !== FORMAT) throw new ReplayMismatchError(`index.json is not a saved replay memory`);
  if (index.version !== VERSION) throw new ReplayMismatchError(`it is format version ${index.version}; this version reads ${VERSION}`);
  if (!Array.isArray(index.blocks) || !Array.isArray(index.rng)) throw new ReplayDamagedError('index.json lacks its block list');
  return index;
}

const FLAG_OF: Partial<Record<keyof ReplayLayout, string>> = { capacity: '--buffer-size', gamma: '--gamma', nStep: '--n-step' };

function checkMatches(index: ReplayIndex, mine: ReplayLayout, step: number): void {
  if (os.endianness() !== 'LE') throw new ReplayMismatchError('saved memories are little-endian and this machine is not');
  if (index.step !== step) throw new ReplayMismatchError(`it was saved at step ${index.step}, but the checkpoint is at step ${step}`);
  for (const k of ['capacity', 'frameSize', 'stack', 'gamma', 'nStep', 'blockSlots'] as const) {
    if (index[k] !== mine[k]) {
      const flag = FLAG_OF[k];
      throw new ReplayMismatchError(`it has ${flag ?? k} ${index[k]}, this run ${mine[k]}`);
    }
  }
  const describe = (p: ReplayLayout['prioritized']) => (p ? `--prioritized (alpha ${p.alpha})` : 'uniform sampling');
  const a = index.prioritized, b = mine.prioritized;
  if (!!a !== !!b || (a && b && (a.alpha !== b.alpha || a.epsilon !== b.epsilon)) || !!index.priorityFile !== !!b)
    throw new ReplayMismatchError(`it was saved with ${describe(a)}, this run uses ${describe(b)}`);
}
