// Pixel work for videos on plain RGB frames: nearest-neighbour upscaling, text in the built-in
// 5x7 font, and composition (a banner above the game, the agent's view beside it).
import type { RgbFrame } from '../env/core.ts';
import { GLYPH_ADVANCE, GLYPH_HEIGHT, GLYPH_WIDTH, glyph } from './font5x7.ts';

export type Color = [number, number, number];

export function blank(width: number, height: number, color: Color = [0, 0, 0]): RgbFrame {
  const f = { data: new Uint8Array(width * height * 3), width, height };
  if (color.some((c) => c !== 0)) fillRect(f, 0, 0, width, height, color);
  return f;
}

/** Each pixel becomes a factor x factor block. */
export function upscale(src: RgbFrame, factor: number): RgbFrame {
  if (!Number.isInteger(factor) || factor < 1) throw new RangeError(`upscale: factor must be a positive integer, got ${factor}`);
  if (factor === 1) return { data: src.data.slice(), width: src.width, height: src.height };
  const w = src.width * factor;
  const out = new Uint8Array(w * src.height * factor * 3);
  const row = new Uint8Array(w * 3);
  for (let y = 0; y < src.height; ++y) {
    for (let x = 0; x < src.width; ++x) {
      const s = (y * src.width + x) * 3;
      for (let k = 0; k < factor; ++k) {
        const d = (x * factor + k) * 3;
        row[d] = src.data[s];
        row[d + 1] = src.data[s + 1];
        row[d + 2] = src.data[s + 2];
      }
    }
    for (let k = 0; k < factor; ++k) out.set(row, (y * factor + k) * w * 3);
  }
  return { data: out, width: w, height: src.height * factor };
}

/** A gray image (one byte per pixel) as RGB. */
export function grayToRgb(gray: Uint8Array, width: number, height: number): RgbFrame {
  if (gray.length !== width * height) throw new RangeError(`grayToRgb: ${gray.length} bytes is not ${width}x${height}`);
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < gray.length; ++i) data[3 * i] = data[3 * i + 1] = data[3 * i + 2] = gray[i];
  return { data, width, height };
}

/** Copies src into dst with its top-left corner at (x, y), clipped to dst. */
export function blit(dst: RgbFrame, src: RgbFrame, x: number, y: number): void {
  const x0 = Math.max(0, x), x1 = Math.min(dst.width, x + src.width);
  if (x1 <= x0) return;
  for (let sy = 0; sy < src.height; ++sy) {
    const dy = y + sy;
    if (dy < 0 || dy >= dst.height) continue;
    const from = (sy * src.width + (x0 - x)) * 3;
    dst.data.set(src.data.subarray(from, from + (x1 - x0) * 3), (dy * dst.width + x0) * 3);
  }
}

export function fillRect(dst: RgbFrame, x: number, y: number, w: number, h: number, color: Color): void {
  for (let yy = Math.max(0, y); yy < Math.min(dst.height, y + h); ++yy) {
    for (let xx = Math.max(0, x); xx < Math.min(dst.width, x + w); ++xx) {
      const i = (yy * dst.width + xx) * 3;
      dst.data[i] = color[0];
      dst.data[i + 1] = color[1];
      dst.data[i + 2] = color[2];
    }
  }
}

/** Width in pixels of text drawn at this scale (no trailing gap). */
export function textWidth(text: string, scale = 1): number {
  return text.length ? ((text.length - 1) * GLYPH_ADVANCE + GLYPH_WIDTH) * scale : 0;
}

/** Draws text with its top-left corner at (x, y); each font cell is scale x scale pixels. */
export function drawText(dst: RgbFrame, text: string, x: number, y: number, scale = 1, color: Color = [255, 255, 255]): void {
  [...text].forEach((ch, i) => {
    const g = glyph(ch);
    const gx = x + i * GLYPH_ADVANCE * scale;
    for (let r = 0; r < GLYPH_HEIGHT; ++r)
      for (let c = 0; c < GLYPH_WIDTH; ++c) if (g[r][c]) fillRect(dst, gx + c * scale, y + r * scale, scale, scale, color);
  });
}

/**
 * The agent's input, a stack of k gray size x size frames (oldest first), as a grid of tiles
 * (2 columns) with a 1-pixel gap, before scaling.
 */
export function stackTiles(stack: Uint8Array, k: number, size: number, background: Color = [64, 64, 64]): RgbFrame {
  if (stack.length !== k * size * size) throw new RangeError(`stackTiles: ${stack.length} bytes is not ${k}x${size}x${size}`);
  const cols = Math.min(2, k), rows = Math.ceil(k / cols);
  const out = blank(cols * size + cols - 1, rows * size + rows - 1, background);
  for (let i = 0; i < k; ++i) {
    const tile = grayToRgb(stack.subarray(i * size * size, (i + 1) * size * size), size, size);
    blit(out, tile, (i % cols) * (size + 1), Math.floor(i / cols) * (size + 1));
  }
  return out;
}

/** left and right next to each other, tops aligned, gap pixels apart, on the background colour. */
export function sideBySide(left: RgbFrame, right: RgbFrame, gap: number, background: Color = [0, 0, 0]): RgbFrame {
  const out = blank(left.width + gap + right.width, Math.max(left.height, right.height), background);
  blit(out, left, 0, 0);
  blit(out, right, left.width + gap, 0);
  return out;
}
