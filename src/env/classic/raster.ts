// Just enough 2-D drawing for the classic-control renders: filled convex polygons, circles and
// lines into an RGB buffer. y grows downwards.
import type { RgbFrame } from '../core.ts';

export type Rgb = [number, number, number];

export class Canvas {
  readonly data: Uint8Array;
  constructor(readonly width: number, readonly height: number, background: Rgb = [255, 255, 255]) {
    this.data = new Uint8Array(width * height * 3);
    for (let i = 0; i < width * height; ++i) this.data.set(background, i * 3);
  }

  pixel(x: number, y: number, c: Rgb): void {
    x = Math.round(x);
    y = Math.round(y);
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    this.data.set(c, (y * this.width + x) * 3);
  }

  /** Fills a convex polygon (scanline, pixel centres). */
  polygon(points: [number, number][], c: Rgb): void {
    const ys = points.map((p) => p[1]);
    const y0 = Math.max(0, Math.floor(Math.min(...ys)));
    const y1 = Math.min(this.height - 1, Math.ceil(Math.max(...ys)));
    for (let y = y0; y <= y1; ++y) {
      const yc = y + 0.5;
      let lo = Infinity, hi = -Infinity;
      for (let i = 0; i < points.length; ++i) {
        const [ax, ay] = points[i];
        const [bx, by] = points[(i + 1) % points.length];
        if ((yc < ay && yc < by) || (yc > ay && yc > by) || ay === by) continue;
        const x = ax + ((yc - ay) / (by - ay)) * (bx - ax);
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
      }
      for (let x = Math.max(0, Math.ceil(lo - 0.5)); x <= Math.min(this.width - 1, Math.floor(hi - 0.5)); ++x) this.pixel(x, y, c);
    }
  }

  circle(cx: number, cy: number, r: number, c: Rgb): void {
    for (let y = Math.floor(cy - r); y <= Math.ceil(cy + r); ++y)
      for (let x = Math.floor(cx - r); x <= Math.ceil(cx + r); ++x)
        if ((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= r * r) this.pixel(x, y, c);
  }

  line(x0: number, y0: number, x1: number, y1: number, c: Rgb): void {
    const n = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
    for (let i = 0; i <= n; ++i) this.pixel(x0 + ((x1 - x0) * i) / n, y0 + ((y1 - y0) * i) / n, c);
  }

  frame(): RgbFrame {
    return { data: this.data, width: this.width, height: this.height };
  }
}
