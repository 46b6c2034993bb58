// Every checkpoint folder carries MANIFEST.json: the size and SHA-256 of each file in it, whatever
// the trainer put there. It is written after the files and before the COMPLETE marker, so a
// checkpoint can be verified before anything is loaded from it: a truncated or altered file is
// named, and a damaged checkpoint is passed over for the newest intact one.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const MANIFEST_FILE = 'MANIFEST.json';
export const COMPLETE_FILE = 'COMPLETE';
const STEP_DIR = /^step-(\d+)$/;

export interface ManifestEntry {
  size: number;
  sha256: string;
}

export interface Manifest {
  version: 1;
  files: Record<string, ManifestEntry>; // path relative to the checkpoint, '/'-separated
}

export class CheckpointError extends Error {}

/** Files of a checkpoint folder (relative, '/'-separated, sorted), without the manifest and the marker. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else if (r !== MANIFEST_FILE && r !== COMPLETE_FILE) out.push(r);
    }
  };
  walk('');
  return out.sort();
}

/** SHA-256 of a file, read in chunks so a multi-GiB replay memory never sits in memory twice. */
export function sha256File(file: string): string {
  const hash = crypto.createHash('sha256');
  const buf = Buffer.allocUnsafe(1 << 22);
  const fd = fs.openSync(file, 'r');
  try {
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) hash.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

/** Record every file now in `dir` in its MANIFEST.json. */
export function writeManifest(dir: string): Manifest {
  const files: Record<string, ManifestEntry> = {};
  for (const rel of listFiles(dir)) {
    const file = path.join(dir, ...rel.split('/'));
    files[rel] = { size: fs.statSync(file).size, sha256: sha256File(file) };
  }
  const manifest: Manifest = { version: 1, files };
  fs.writeFileSync(path.join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 1) + '\n');
  return manifest;
}

/** ok: every file matches (verified) or there is no manifest to check against (not verified). */
export type Verdict = { ok: true; verified: boolean } | { ok: false; problem: string };

/** Check a checkpoint folder against its manifest; the problem names the first damaged file. */
export function verifyCheckpoint(dir: string): Verdict {
  if (!fs.existsSync(path.join(dir, COMPLETE_FILE))) return { ok: false, problem: `it has no ${COMPLETE_FILE} marker (its write did not finish)` };
  const mf = path.join(dir, MANIFEST_FILE);
  if (!fs.existsSync(mf)) return { ok: true, verified: false };
  let manifest: Manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(mf, 'utf8')) as Manifest;
    if (manifest?.version !== 1 || typeof manifest.files !== 'object' || manifest.files === null) throw new Error('not a version 1 manifest');
  } catch (e) {
    return { ok: false, problem: `${MANIFEST_FILE} is unreadable (${(e as Error).message})` };
  }
  for (const [rel, want] of Object.entries(manifest.files)) {
    const file = path.join(dir, ...rel.split('/'));
    let size: number;
    try {
      size = fs.statSync(file).size;
    } catch {
      return { ok: false, problem: `${rel} is missing` };
    }
    if (size !== want.size) return { ok: false, problem: `${rel} is ${size} bytes, the manifest says ${want.size}` };
    if (sha256File(file) !== want.sha256) return { ok: false, problem: `${rel} does not match its SHA-256 in the manifest (altered or corrupted)` };
  }
  return { ok: true, verified: true };
}

/** The step of a checkpoint folder (step-NNNNNNNNN), or undefined for any other name. */
export function checkpointStep(dir: string): number | undefined {
  const m = STEP_DIR.exec(path.basename(dir));
  return m ? Number(m[1]) : undefined;
}

/** The run's checkpoint folders, newest step first. */
export function listCheckpoints(runDir: string): string[] {
  const root = path.join(runDir, 'checkpoints');
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root).filter((n) => STEP_DIR.test(n) && fs.statSync(path.join(root, n)).isDirectory())
    .sort((a, b) => checkpointStep(b)! - checkpointStep(a)!).map((n) => path.join(root, n));
}

export interface CheckpointChoice {
  dir: string;
  step: number;
  verified: boolean;                          // false: an older checkpoint without a manifest
  passedOver: { dir: string; problem: string }[]; // newer checkpoints that were damaged
  warnings: string[];                         // one line each, for the log
}

const shown = (dir: string) => path.relative(process.cwd(), dir).startsWith('..') ? dir : path.relative(process.cwd(), dir) || '.';

function warningsOf(c: Omit<CheckpointChoice, 'warnings'>): string[] {
  const w = c.passedOver.map((p) => `warning: checkpoint ${shown(p.dir)} is damaged: ${p.problem}`);
  if (c.passedOver.length) w.push(`warning: using ${shown(c.dir)} (step ${c.step}), the newest intact checkpoint; the steps after it are done again`);
  if (!c.verified) w.push(`warning: ${shown(c.dir)} has no ${MANIFEST_FILE} (written by an earlier version), so its files cannot be verified`);
  return w;
}

/**
 * The newest intact checkpoint of a run, or undefined when the run has none at all. Damaged newer
 * ones are passed over with a warning; with `strict` a damaged or unverifiable newest checkpoint
 * is refused instead. Throws when every checkpoint is damaged.
 */
export function newestIntactCheckpoint(runDir: string, o: { strict?: boolean } = {}): CheckpointChoice | undefined {
  const all = listCheckpoints(runDir);
  if (all.length === 0) return undefined;
  const passedOver: CheckpointChoice['passedOver'] = [];
  for (const dir of all) {
    const v = verifyCheckpoint(dir);
    if (v.ok && (v.verified || !o.strict)) {
      const choice = { dir, step: checkpointStep(dir)!, verified: v.verified, passedOver };
      return { ...choice, warnings: warningsOf(choice) };
    }
    const problem = v.ok ? `it has no ${MANIFEST_FILE} to verify it against` : v.problem;
    if (o.strict) {
      throw new CheckpointError(`checkpoint ${shown(dir)} is damaged: ${problem}; --strict refuses to fall back to an older checkpoint (leave out --strict to resume from the newest intact one)`);
    }
    passedOver.push({ dir, problem });
  }
  throw new CheckpointError(`every checkpoint of ${shown(runDir)} is damaged: ${passedOver.map((p) => `${path.basename(p.dir)}: ${p.problem}`).join('; ')}`);
}

/**
 * A checkpoint named on the command line: one checkpoint folder (verified; a damaged one is
 * refused, naming the file) or a run directory (its newest intact checkpoint, with warnings).
 * `isCheckpoint` tells a checkpoint folder by its contents (e.g. online/model.json).
 */
export function resolveCheckpointArg(arg: string, isCheckpoint: (dir: string) => boolean, o: { strict?: boolean } = {}): CheckpointChoice {
  if (!fs.existsSync(arg)) throw new CheckpointError(`${arg} does not exist`);
  const isOne = isCheckpoint(arg) || fs.existsSync(path.join(arg, MANIFEST_FILE)) || fs.existsSync(path.join(arg, COMPLETE_FILE));
  if (isOne) {
    // A model folder from elsewhere (no marker, no manifest) is loaded unverified, with a warning.
    const bare = !fs.existsSync(path.join(arg, MANIFEST_FILE)) && !fs.existsSync(path.join(arg, COMPLETE_FILE));
    const v: Verdict = bare ? { ok: true, verified: false } : verifyCheckpoint(arg);
    if (!v.ok) throw new CheckpointError(`checkpoint ${shown(arg)} is damaged: ${v.problem}; name another checkpoint, or the run directory to take its newest intact one`);
    if (!v.verified && o.strict) throw new CheckpointError(`checkpoint ${shown(arg)} has no ${MANIFEST_FILE} to verify it against (--strict)`);
    const choice = { dir: arg, step: checkpointStep(arg) ?? NaN, verified: v.verified, passedOver: [] };
    return { ...choice, warnings: warningsOf(choice) };
  }
  const found = newestIntactCheckpoint(arg, o);
  if (!found) throw new CheckpointError(`${arg} is neither a checkpoint nor a run directory with a complete checkpoint (checkpoints/step-N/)`);
  return found;
}
