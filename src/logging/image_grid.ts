// Square images in [-1, 1] (NHWC, RGB) laid out as a grid with a 2-pixel border, as a PNG.
import sharp from 'sharp';

export interface GridPng {
  png: Buffer;
  width: number;
  height: number;
}

export async function imageGridPng(images: Float32Array, count: number, size: number, columns = 8, pad = 2): Promise<GridPng> {
  const rows = Math.ceil(count / columns);
  const width = columns * size + (columns + 1) * pad;
  const height = rows * size + (rows + 1) * pad;
  const out = Buffer.alloc(width * height * 3);
  for (let k = 0; k < count; ++k) {
    const ox = pad + (k % columns) * (size + pad);
    const oy = pad + Math.floor(k / columns) * (size + pad);
    for (let y = 0; y < size; ++y)
      for (let x = 0; x < size; ++x)
        for (let ch = 0; ch < 3; ++ch) {
          const v = images[((k * size + y) * size + x) * 3 + ch];
          out[((oy + y) * width + ox + x) * 3 + ch] = Math.max(0, Math.min(255, Math.round((v + 1) * 127.5)));
        }
  }
  const png = await sharp(out, { raw: { width, height, channels: 3 } }).png().toBuffer();
  return { png, width, height };
}
