// Learning curves from runs' metrics.jsonl: every episode's return (thin), its trailing mean (thick)
// and the evaluations (diamond at the mean, bar from the lowest to the highest return) against agent
// steps, several runs on one chart. Drawn as SVG with the project's pixel font (no system fonts
// needed) and rasterised to PNG by sharp.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { glyph, GLYPH_ADVANCE, GLYPH_HEIGHT } from '../video/font5x7.ts';
import { writeFileAtomic } from '../io/atomic.ts';

export interface RunCurve {
  name: string;
  episodes: { step: number; ret: number }[];
  evals: { step: number; returns: number[] }[];
}

/**
 * The curve of one run directory. A resume appends a row { step, resume: true }; episodes logged at or
 * after that step before it belong to the stretch the resume replaced and are dropped.
 */
export function readRunCurve(dir: string): RunCurve {
  const file = path.join(dir, 'metrics.jsonl');
  if (!fs.existsSync(dir)) throw new Error(`${dir} does not exist`);
  if (!fs.existsSync(file)) throw new Error(`${dir} has no metrics.jsonl; pass run directories (e.g. runs/dqn-breakout-1)`);
  const curve: RunCurve = { name: path.basename(path.resolve(dir)), episodes: [], evals: [] };
  fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(line);
    } catch {
      throw new Error(`${file} line ${i + 1} is not JSON`);
    }
    const step = Number(row.step);
    if (!Number.isFinite(step)) return;
    if (row.resume === true) {
      curve.episodes = curve.episodes.filter((e) => e.step < step);
      curve.evals = curve.evals.filter((e) => e.step <= step);
    } else if (typeof row.return === 'number') {
      curve.episodes.push({ step, ret: row.return });
    } else if (Array.isArray(row.eval_returns) && row.eval_returns.length) {
      curve.evals.push({ step, returns: row.eval_returns.map(Number) });
    }
  });
  return curve;
}

/** Mean of each value and the up to window - 1 before it. */
export function trailingMean(values: number[], window: number): number[] {
  const out: number[] = [];
  let sum = 0;
  values.forEach((v, i) => {
    sum += v;
    if (i >= window) sum -= values[i - window];
    out.push(sum / Math.min(i + 1, window));
  });
  return out;
}

/** About `count` round tick values (1, 2 or 5 times a power of ten apart) covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 6): number[] {
  if (!(hi > lo)) hi = lo + 1;
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let v = Math.floor(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks[ticks.length - 1] < hi) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)));
  return ticks;
}

const trim = (v: number, digits: number) => String(Number(v.toFixed(digits)));
export function formatSteps(v: number): string {
  if (Math.abs(v) >= 1e6) return `${trim(v / 1e6, 2)}M`;
  if (Math.abs(v) >= 1e3) return `${trim(v / 1e3, 1)}K`;
  return trim(v, 0);
}

// Colour-blind-safe categorical colours (Okabe and Ito), then a few more.
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442', '#8C564B', '#7F7F7F'];

/** Text in the pixel font as one SVG path: `scale` pixels per font cell, anchored at its top left. */
function pixelText(text: string, x: number, y: number, scale: number, colour: string, anchor: 'start' | 'middle' | 'end' = 'start'): string {
  const width = textWidth(text, scale);
  const x0 = anchor === 'start' ? x : anchor === 'middle' ? x - width / 2 : x - width;
  let d = '';
  [...text].forEach((ch, i) => {
    glyph(ch).forEach((row, r) => row.forEach((on, col) => {
      if (on) d += `M${(x0 + (i * GLYPH_ADVANCE + col) * scale).toFixed(1)} ${(y + r * scale).toFixed(1)}h${scale}v${scale}h-${scale}z`;
    }));
  });
  return d ? `<path d="${d}" fill="${colour}" shape-rendering="crispEdges"/>` : '';
}
const textWidth = (text: string, scale: number) => (text.length * GLYPH_ADVANCE - 1) * scale;

export interface CurveOptions {
  width?: number;
  height?: number;
  window?: number; // episodes in the trailing mean
  title?: string;
}

export function learningCurveSvg(runs: RunCurve[], o: CurveOptions = {}): string {
  const W = o.width ?? 1200, H = o.height ?? 700, window = o.window ?? 100;
  const S = 2; // font scale: 10 x 14 pixel characters
  const lineH = (GLYPH_HEIGHT + 4) * S;
  const left = 90, right = 30, top = 24 + lineH * (runs.length + 2), bottom = 70;
  const pw = W - left - right, ph = H - top - bottom;
  if (pw < 100 || ph < 100) throw new Error(`a ${W}x${H} chart leaves no room to plot ${runs.length} runs; make it larger`);

  const steps = runs.flatMap((r) => [...r.episodes.map((e) => e.step), ...r.evals.map((e) => e.step)]);
  const values = runs.flatMap((r) => [...r.episodes.map((e) => e.ret), ...r.evals.flatMap((e) => e.returns)]);
  const xt = niceTicks(0, Math.max(1, ...steps));
  const yt = niceTicks(Math.min(0, ...values), Math.max(1, ...values));
  const [x0, x1, y0, y1] = [xt[0], xt[xt.length - 1], yt[0], yt[yt.length - 1]];
  const X = (v: number) => left + ((v - x0) / (x1 - x0)) * pw;
  const Y = (v: number) => top + ph - ((v - y0) / (y1 - y0)) * ph;
  const pts = (xs: number[], ys: number[]) => xs.map((x, i) => `${X(x).toFixed(1)},${Y(ys[i]).toFixed(1)}`).join(' ');

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">`);
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  // Grid and axes.
  for (const v of xt) {
    out.push(`<line x1="${X(v)}" y1="${top}" x2="${X(v)}" y2="${top + ph}" stroke="#e4e4e4" stroke-width="1"/>`);
    out.push(pixelText(formatSteps(v), X(v), top + ph + 10, S, '#333333', 'middle'));
  }
  for (const v of yt) {
    out.push(`<line x1="${left}" y1="${Y(v)}" x2="${left + pw}" y2="${Y(v)}" stroke="#e4e4e4" stroke-width="1"/>`);
    out.push(pixelText(trim(v, 2), left - 10, Y(v) - (GLYPH_HEIGHT * S) / 2, S, '#333333', 'end'));
  }
  out.push(`<rect x="${left}" y="${top}" width="${pw}" height="${ph}" fill="none" stroke="#555555" stroke-width="1"/>`);
  out.push(pixelText('AGENT STEPS', left + pw / 2, H - 28, S, '#333333', 'middle'));
  out.push(`<g transform="translate(18 ${top + ph / 2}) rotate(-90)">${pixelText('RETURN', 0, 0, S, '#333333', 'middle')}</g>`);
  out.push(pixelText(o.title ?? 'EPISODIC RETURN', left, 16, S + 1, '#111111'));
  const key = `THIN: EPISODES   THICK: MEAN OF LAST ${window}   DIAMOND: EVALUATION MEAN (BAR: MIN TO MAX)`;
  out.push(pixelText(key, left, 16 + lineH + 6, textWidth(key, S) <= W - left - 10 ? S : 1, '#555555'));

  runs.forEach((r, k) => {
    const c = COLOURS[k % COLOURS.length];
    const xs = r.episodes.map((e) => e.step), ys = r.episodes.map((e) => e.ret);
    if (xs.length) {
      out.push(`<polyline points="${pts(xs, ys)}" fill="none" stroke="${c}" stroke-opacity="0.28" stroke-width="1"/>`);
      out.push(`<polyline points="${pts(xs, trailingMean(ys, window))}" fill="none" stroke="${c}" stroke-width="3" stroke-linejoin="round"/>`);
    }
  });
  runs.forEach((r, k) => {
    const c = COLOURS[k % COLOURS.length];
    for (const e of r.evals) {
      const m = e.returns.reduce((a, b) => a + b, 0) / e.returns.length;
      const cx = X(e.step), cy = Y(m);
      out.push(`<line x1="${cx}" y1="${Y(Math.min(...e.returns))}" x2="${cx}" y2="${Y(Math.max(...e.returns))}" stroke="${c}" stroke-width="2"/>`);
      out.push(`<path d="M${cx} ${cy - 8}l8 8l-8 8l-8 -8z" fill="${c}" stroke="#ffffff" stroke-width="1.5"/>`);
    }
  });

  // Legend: one line per run.
  runs.forEach((r, k) => {
    const c = COLOURS[k % COLOURS.length];
    const y = 16 + lineH * (k + 2) + 6;
    const last = r.episodes.length ? trailingMean(r.episodes.map((e) => e.ret), window).at(-1)! : NaN;
    const ev = r.evals.at(-1);
    const evText = ev ? `, EVALUATION AT ${formatSteps(ev.step)}: ${trim(ev.returns.reduce((a, b) => a + b, 0) / ev.returns.length, 1)}` : '';
    out.push(`<rect x="${left}" y="${y + 3}" width="28" height="8" fill="${c}"/>`);
    out.push(pixelText(`${r.name}: ${r.episodes.length} EPISODES, MEAN OF LAST ${Math.min(window, r.episodes.length)}: ${Number.isNaN(last) ? '-' : trim(last, 1)}${evText}`,
      left + 40, y, S, '#222222'));
  });
  out.push('</svg>');
  return out.join('\n');
}

export async function writeLearningCurvePng(runs: RunCurve[], file: string, o: CurveOptions = {}): Promise<void> {
  const png = await sharp(Buffer.from(learningCurveSvg(runs, o))).png().toBuffer();
  writeFileAtomic(file, png);
}
