// Replays reference traces recorded from ALE 0.12.1 (format: FORMAT.md of the trace folder)
// and compares every frame: RAM, screen CRC, reward, lives, game over, episode frame number,
// the full screens recorded at chosen steps, and the palette.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, crc32 } from 'node:zlib';

import { ALE } from './ale.ts';
import { native } from '../native.ts';

/** Steps after which the trace recorder saved a full screen, in file order. */
export const SCREEN_STEPS = [0, 1, 2, 3, 10, 50, 100, 500, 1000, 2000, 4999];

export interface TraceHeader {
  game: string;
  rom: string;
  rom_md5: string;
  settings: {
    random_seed: number;
    repeat_action_probability: number;
    frame_skip: number;
    max_num_frames_per_episode: number;
    truncate_on_loss_of_life?: boolean;
    mode: number;
    difficulty: number;
    steps: number;
  };
  minimal_actions: number[];
  lives_at_reset: number;
  ram_at_reset: string;
  screen_at_reset_crc32: string;
}

export interface ParityResult {
  trace: string;
  game: string;
  frames: number;
  identical: number;
  firstMismatch?: { frame: number; what: string };
  error?: string;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const crcHex = (b: Uint8Array) => (crc32(b) >>> 0).toString(16).padStart(8, '0');

/** The trace files of a folder: NAME.trace.jsonl.gz, sorted by name. */
export function listTraces(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.trace.jsonl.gz'))
    .sort()
    .map((f) => path.join(dir, f));
}

function describeRam(expected: string, got: Uint8Array): string {
  const e = Buffer.from(expected, 'hex');
  for (let i = 0; i < 128; ++i) {
    if (e[i] !== got[i]) return `RAM[0x${(0x80 + i).toString(16)}] is ${got[i]}, expected ${e[i]}`;
  }
  return 'RAM differs';
}

export function replayTrace(file: string): ParityResult {
  const name = path.basename(file).replace(/\.trace\.jsonl\.gz$/, '');
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n').filter((l) => l.length > 0);
  const header = JSON.parse(lines[0]) as TraceHeader;
  const s = header.settings;
  const result: ParityResult = { trace: name, game: header.game, frames: 0, identical: 0 };
  let ale: ALE;
  try {
    ale = new ALE(header.game, {
      seed: s.random_seed,
      frameSkip: s.frame_skip,
      repeatActionProbability: s.repeat_action_probability,
      maxFramesPerEpisode: s.max_num_frames_per_episode,
      truncateOnLossOfLife: s.truncate_on_loss_of_life ?? false,
    });
  } catch (e) {
    result.error = (e as Error).message;
    return result;
  }
  if (ale.md5 !== header.rom_md5) {
    result.error = `ROM md5 ${ale.md5} differs from the trace's ${header.rom_md5}`;
    return result;
  }
  // The recorder loaded the ROM (one reset), then selected mode and difficulty and reset again.
  if (s.mode !== ale.info().defaultMode) ale.setMode(s.mode);
  if (s.difficulty !== ale.info().difficulty) ale.setDifficulty(s.difficulty);
  ale.reset();

  const screenFile = path.join(path.dirname(file), `${name}.screens.bin.gz`);
  const screens = existsSync(screenFile) ? gunzipSync(readFileSync(screenFile)) : undefined;
  const resetScreenFile = path.join(path.dirname(file), `${name}.screen_at_reset.bin.gz`);
  const screen = new Uint8Array(ale.height * ale.width);
  const ram = new Uint8Array(128);
  const frameBytes = ale.height * ale.width;

  const mismatch = (frame: number, what: string) => {
    if (!result.firstMismatch) result.firstMismatch = { frame, what };
  };

  // State right after the reset.
  ale.getRAM(ram);
  ale.getScreen(screen);
  if (hex(ram) !== header.ram_at_reset) mismatch(-1, `after reset: ${describeRam(header.ram_at_reset, ram)}`);
  else if (crcHex(screen) !== header.screen_at_reset_crc32) mismatch(-1, 'after reset: screen CRC differs');
  else if (ale.lives() !== header.lives_at_reset) mismatch(-1, `after reset: lives ${ale.lives()}, expected ${header.lives_at_reset}`);
  else if (existsSync(resetScreenFile) && Buffer.compare(gunzipSync(readFileSync(resetScreenFile)), Buffer.from(screen)) !== 0)
    mismatch(-1, 'after reset: full screen differs');

  for (let i = 1; i < lines.length; ++i) {
    const rec = JSON.parse(lines[i]);
    if (rec.reset) {
      ale.reset();
      ale.getRAM(ram);
      ale.getScreen(screen);
      const where = `reset after step ${rec.t}`;
      if (hex(ram) !== rec.ram) mismatch(rec.t, `${where}: ${describeRam(rec.ram, ram)}`);
      else if (crcHex(screen) !== rec.crc) mismatch(rec.t, `${where}: screen CRC differs`);
      else if (ale.lives() !== rec.lives) mismatch(rec.t, `${where}: lives ${ale.lives()}, expected ${rec.lives}`);
      else if (ale.episodeFrameNumber() !== rec.frame) mismatch(rec.t, `${where}: episode frame ${ale.episodeFrameNumber()}, expected ${rec.frame}`);
      continue;
    }
    result.frames++;
    const r = ale.act(rec.a);
    ale.getRAM(ram);
    ale.getScreen(screen);
    const problems: string[] = [];
    if (r !== rec.r) problems.push(`reward ${r}, expected ${rec.r}`);
    if (ale.lives() !== rec.lives) problems.push(`lives ${ale.lives()}, expected ${rec.lives}`);
    if (ale.gameOver() !== rec.over) problems.push(`game over ${ale.gameOver()}, expected ${rec.over}`);
    if (ale.episodeFrameNumber() !== rec.frame) problems.push(`episode frame ${ale.episodeFrameNumber()}, expected ${rec.frame}`);
    if (hex(ram) !== rec.ram) problems.push(describeRam(rec.ram, ram));
    if (crcHex(screen) !== rec.crc) problems.push('screen CRC differs');
    const k = SCREEN_STEPS.indexOf(rec.t);
    if (screens && k >= 0 && (k + 1) * frameBytes <= screens.length) {
      const ref = screens.subarray(k * frameBytes, (k + 1) * frameBytes);
      if (Buffer.compare(ref, Buffer.from(screen)) !== 0) problems.push('full screen differs');
    }
    if (problems.length === 0) result.identical++;
    else mismatch(rec.t, problems.join('; '));
  }
  return result;
}

/**
 * Compares the addon's palette with the folder's palette.json (NTSC) or palette_pal.json (PAL), at
 * even indices: the ones screens use.
 */
export function checkPalette(dir: string, format: 'NTSC' | 'PAL' = 'NTSC'): { identical: number; total: number; first?: string } {
  const file = path.join(dir, format === 'PAL' ? 'palette_pal.json' : 'palette.json');
  const ref = JSON.parse(readFileSync(file, 'utf8')) as { ntsc_rgb?: number[][]; pal_rgb?: number[][]; gray: number[] };
  const table = (format === 'PAL' ? ref.pal_rgb : ref.ntsc_rgb)!;
  const rgb: Uint8Array = native().paletteRGB(format);
  const gray: Uint8Array = native().paletteGray(format);
  let identical = 0;
  let first: string | undefined;
  for (let v = 0; v < 256; v += 2) {
    const [r, g, b] = table[v];
    const ok = rgb[v * 3] === r && rgb[v * 3 + 1] === g && rgb[v * 3 + 2] === b && gray[v] === ref.gray[v];
    if (ok) identical++;
    else first ??= `index ${v}: got rgb(${rgb[v * 3]},${rgb[v * 3 + 1]},${rgb[v * 3 + 2]}) gray ${gray[v]}, expected rgb(${r},${g},${b}) gray ${ref.gray[v]}`;
  }
  return { identical, total: 128, first };
}

export function formatResult(r: ParityResult): string {
  if (r.error) return `${r.trace}: error: ${r.error}`;
  const head = `${r.trace}: ${r.identical}/${r.frames} frames identical`;
  if (!r.firstMismatch) return head;
  const f = r.firstMismatch.frame < 0 ? 'the initial reset' : `frame ${r.firstMismatch.frame}`;
  return `${head}, first mismatch at ${f}: ${r.firstMismatch.what}`;
}
