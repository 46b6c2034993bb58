// Which ffmpeg binary the video code runs, decided in one place:
//   1. ATARI_FFMPEG, when set (a path, or a command name looked up on PATH);
//   2. an `ffmpeg` on PATH (a system build is usually newer than the bundled one);
//   3. the binary shipped by the @ffmpeg-installer/ffmpeg package.
import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface FfmpegChoice {
  path: string;
  source: 'ATARI_FFMPEG' | 'PATH' | '@ffmpeg-installer/ffmpeg';
}

const FIX =
  'Install ffmpeg (e.g. `apt-get install ffmpeg`), run `npm install` so @ffmpeg-installer/ffmpeg provides one, ' +
  'or set ATARI_FFMPEG to the path of an ffmpeg binary built with libx264.';

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function bundled(): string | undefined {
  try {
    const p = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path?: string }).path;
    return p && isExecutable(p) ? p : undefined;
  } catch {
    // The package throws when it has no binary for this platform.
    return undefined;
  }
}

/** The ffmpeg to run; throws an Error that says how to get one when there is none. */
export function resolveFfmpeg(env: NodeJS.ProcessEnv = process.env): FfmpegChoice {
  const override = env.ATARI_FFMPEG;
  if (override) {
    const p = override.includes('/') || override.includes(path.sep) ? path.resolve(override) : onPath(override);
    if (!p || !isExecutable(p)) throw new Error(`ATARI_FFMPEG=${override} is not an executable ffmpeg. Point it at an ffmpeg binary, or unset it to use the default. ${FIX}`);
    return { path: p, source: 'ATARI_FFMPEG' };
  }
  const system = onPath('ffmpeg');
  if (system) return { path: system, source: 'PATH' };
  const b = bundled();
  if (b) return { path: b, source: '@ffmpeg-installer/ffmpeg' };
  throw new Error(`No ffmpeg found: none on PATH and @ffmpeg-installer/ffmpeg has no binary here. ${FIX}`);
}

export const FFMPEG_FIX = FIX;
