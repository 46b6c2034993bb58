// Crash-safe writes: content goes to a temporary sibling, is flushed to disk, then renamed into
// place, so a kill or a full disk at any moment leaves either the old or the new version.
import fs from 'node:fs';
import path from 'node:path';

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

/** Fill a new directory through `fill(tmpDir)`, then move it into place as `dir` (which must not exist). */
export async function writeDirAtomic(dir: string, fill: (tmpDir: string) => Promise<void> | void): Promise<void> {
  const tmp = tmpName(dir);
  try {
    fs.mkdirSync(tmp, { recursive: true });
    await fill(tmp);
    for (const f of fs.readdirSync(tmp, { recursive: true, withFileTypes: true })) {
      if (!f.isFile()) continue;
      const fd = fs.openSync(path.join(f.parentPath ?? (f as unknown as { path: string }).path, f.name), 'r');
      try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
    }
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(tmp, dir);
    fsyncDir(path.dirname(dir));
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

/** Write one checkpoint atomically, mark it complete, point `latest` at it and keep the last `keep`. */
export async function saveCheckpoint(runDir: string, step: number, fill: (dir: string) => Promise<void> | void, keep = 3): Promise<string> {
  const dir = checkpointDir(runDir, step);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  await writeDirAtomic(dir, async (tmp) => {
    await fill(tmp);
    fs.writeFileSync(path.join(tmp, 'COMPLETE'), `${step}\n`);
  });
  writeFileAtomic(path.join(path.dirname(dir), 'latest'), path.basename(dir));
  const all = fs.readdirSync(path.dirname(dir)).filter((n) => /^step-\d+$/.test(n)).sort();
  for (const old of all.slice(0, Math.max(0, all.length - keep))) fs.rmSync(path.join(path.dirname(dir), old), { recursive: true, force: true });
  return dir;
}
