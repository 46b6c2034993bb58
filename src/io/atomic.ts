// Crash-safe writes: content goes to a temporary sibling, is flushed to disk, then renamed into
// place, so a kill or a full disk at any moment leaves either the old or the new version.
import fs from 'node:fs';
import path from 'node:path';
import { COMPLETE_FILE, writeManifest } from './checkpoint_manifest.ts';

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOSPC') return 'the disk is full (ENOSPC); free some space and try again';
  if (e?.code === 'EACCES' || e?.code === 'EPERM' || e?.code === 'EROFS') return `no permission to write there (${e.code})`;
  if (e?.code === 'ENOENT') return 'its directory does not exist (ENOENT)';
  return e?.message ?? String(err);
}

function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
  } catch { /* some filesystems do not allow fsync on directories */ }
}

const tmpName = (target: string) => `${target}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

/** Write a file atomically; on any error the previous content stays and the temp file is removed. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = tmpName(file);
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
    fsyncDir(path.dirname(file));
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw new Error(`could not write ${file}: ${describe(err)}`, { cause: err });
  }
}

/** Fill a new directory through `fill(tmpDir)`, then move it into place as `dir` (replacing a folder of that name). */
export async function writeDirAtomic(dir: string, fill: (tmpDir: string) => Promise<void> | void): Promise<void> {
  const tmp = tmpName(dir);
  try {
    fs.mkdirSync(tmp, { recursive: true });
    await fill(tmp);
    for (const f of fs.readdirSync(tmp, { recursive: true, withFileTypes: true })) {
      const p = path.join(f.parentPath ?? (f as unknown as { path: string }).path, f.name);
      if (f.isDirectory()) fsyncDir(p);
      if (!f.isFile()) continue;
      const fd = fs.openSync(p, 'r');
      try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
    }
    // An existing folder of that name is moved aside first: a kill at any point leaves no
    // half-deleted folder under the name.
    const previous = fs.existsSync(dir) ? `${dir}.old-${process.pid}-${Math.random().toString(36).slice(2, 8)}` : undefined;
    if (previous) fs.renameSync(dir, previous);
    fs.renameSync(tmp, dir);
    fsyncDir(path.dirname(dir));
    if (previous) fs.rmSync(previous, { recursive: true, force: true });
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new Error(`could not write ${dir}: ${describe(err)}`, { cause: err });
  }
}

/** Checkpoints live in runDir/checkpoints/step-NNNNNNNNN; `latest` names the newest complete one. */
export function checkpointDir(runDir: string, step: number): string {
  return path.join(runDir, 'checkpoints', `step-${String(step).padStart(9, '0')}`);
}

/** The newest complete checkpoint of a run, or undefined; leftovers of an interrupted write are ignored. */
export function findLatestCheckpoint(runDir: string): string | undefined {
  const root = path.join(runDir, 'checkpoints');
  const latest = path.join(root, 'latest');
  if (fs.existsSync(latest)) {
    const name = fs.readFileSync(latest, 'utf8').trim();
    if (/^step-\d+$/.test(name) && fs.existsSync(path.join(root, name, 'COMPLETE'))) return path.join(root, name);
  }
  if (!fs.existsSync(root)) return undefined;
  const done = fs.readdirSync(root).filter((n) => /^step-\d+$/.test(n) && fs.existsSync(path.join(root, n, 'COMPLETE'))).sort();
  return done.length ? path.join(root, done[done.length - 1]) : undefined;
}

/** Temporary folders of writers that are no longer running (killed mid-write), to be cleared. */
function staleLeftovers(root: string): string[] {
  return fs.readdirSync(root).filter((n) => {
    const m = /\.(?:tmp|old)-(\d+)-\w+$/.exec(n);
    if (!m) return false;
    const pid = Number(m[1]);
    if (pid === process.pid) return false;
    try {
      process.kill(pid, 0);
      return false; // still running: another process writes it
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ESRCH';
    }
  });
}

/**
 * Write one checkpoint atomically with a manifest of its files (sizes and SHA-256), mark it
 * complete, point `latest` at it and keep the `keep` newest by step, always including this one.
 */
export async function saveCheckpoint(runDir: string, step: number, fill: (dir: string) => Promise<void> | void, keep = 3): Promise<string> {
  const dir = checkpointDir(runDir, step);
  const root = path.dirname(dir);
  fs.mkdirSync(root, { recursive: true });
  for (const n of staleLeftovers(root)) fs.rmSync(path.join(root, n), { recursive: true, force: true });
  await writeDirAtomic(dir, async (tmp) => {
    await fill(tmp);
    writeManifest(tmp);
    fs.writeFileSync(path.join(tmp, COMPLETE_FILE), `${step}\n`);
  });
  writeFileAtomic(path.join(root, 'latest'), path.basename(dir));
  const older = fs.readdirSync(root).filter((n) => /^step-\d+$/.test(n) && n !== path.basename(dir))
    .sort((a, b) => Number(b.slice(5)) - Number(a.slice(5))).slice(Math.max(0, keep - 1));
  for (const old of older) {
    // Renamed first, so a kill while deleting never leaves a half-deleted folder under a checkpoint's name.
    const doomed = `${path.join(root, old)}.old-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    fs.renameSync(path.join(root, old), doomed);
    fs.rmSync(doomed, { recursive: true, force: true });
  }
  return dir;
}
