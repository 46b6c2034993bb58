// The install a user runs: the committed lockfile is the one `npm install` produces (CI fails on
// drift), and what the project needs from install scripts works even where npm skips dependencies'
// install scripts (npm 11's allowScripts).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../src/native.ts';

const read = (f: string) => JSON.parse(fs.readFileSync(path.join(repoRoot, f), 'utf8'));

describe('install', () => {
  it('CI fails when npm install changes the committed lockfile', () => {
    const lines = fs.readFileSync(path.join(repoRoot, '.ci', 'run'), 'utf8').split('\n').map((l) => l.trim());
    const install = lines.findIndex((l) => /^npm install\b/.test(l));
    const check = lines.findIndex((l) => /^git diff --exit-code package-lock\.json\b/.test(l));
    const test = lines.findIndex((l) => l === 'npm test');
    expect(install).toBeGreaterThanOrEqual(0);
    expect(check).toBeGreaterThan(install);
    expect(test).toBeGreaterThan(check);
    expect(lines[0]).toBe('#!/usr/bin/env bash');
    expect(lines).toContain('set -euo pipefail');
  });

  it('the lockfile records package.json as it is and every optional platform package an install adds', () => {
    const pkg = read('package.json');
    const lock = read('package-lock.json');
    const root = lock.packages[''];
    for (const k of ['dependencies', 'devDependencies', 'optionalDependencies']) expect(root[k], k).toEqual(pkg[k]);
    // An install on any platform writes the optional packages of every dependency (esbuild's and
    // sharp's binaries for each platform); a lockfile made without them grows on the next install.
    const missing: string[] = [];
    for (const [where, entry] of Object.entries(lock.packages as Record<string, { optionalDependencies?: Record<string, string> }>)) {
      for (const dep of Object.keys(entry.optionalDependencies ?? {})) {
        const nested = `${where ? where + '/' : ''}node_modules/${dep}`;
        if (!lock.packages[nested] && !lock.packages[`node_modules/${dep}`]) missing.push(`${dep} (of ${where || 'the project'})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('the bundled ffmpeg is executable although npm may skip its postinstall chmod', () => {
    const ffmpeg = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;
    expect(() => fs.accessSync(ffmpeg, fs.constants.X_OK)).not.toThrow();
  });
});
