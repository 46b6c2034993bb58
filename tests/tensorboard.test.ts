import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { SummaryWriter, crc32c, maskedCrc, tfRecord } from '../src/logging/tensorboard.ts';
import { readEvents } from '../src/logging/tensorboard_reader.ts';
import { ProgressBar } from '../src/logging/progress.ts';

describe('TensorBoard event files', () => {
  it('uses CRC32C (Castagnoli): the standard check value', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  });

  it('frames records exactly as TensorFlow does (the first record of a TensorFlow-written event file)', () => {
    const hex = (h: string) => Buffer.from(h.replace(/\s+/g, ''), 'hex');
    // Event { wall_time, file_version: "brain.Event:2" } as TensorFlow wrote it, with its framing.
    const payload = Buffer.concat([hex('09 00008038 99d6d741 1a0d'), Buffer.from('brain.Event:2')]);
    const tf = Buffer.concat([hex('1800000000000000 a37f4b22'), payload, hex('124b36ab')]);
    expect(tfRecord(payload).equals(tf)).toBe(true);
    // TensorFlow's masked CRC of the event {file_version: "CRC test, one two"}.
    expect(maskedCrc(Buffer.concat([hex('1a11'), Buffer.from('CRC test, one two')]))).toBe(0x5794d08a);
  });

  it('writes scalars and images that read back with their tags, steps and values; a flipped byte is caught', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-'));
    const w = new SummaryWriter(dir);
    for (let step = 0; step < 50; ++step) w.scalar('loss', 1 / (step + 1), step);
    w.scalar('charts/episodic_return', -21, 7);
    const rgb = Buffer.alloc(8 * 4 * 3, 0);
    for (let i = 0; i < rgb.length; i += 3) rgb[i] = 255;
    const png = await sharp(rgb, { raw: { width: 8, height: 4, channels: 3 } }).png().toBuffer();
    w.image('samples/fake', { png, width: 8, height: 4 }, 100);
    w.close();
    const file = path.join(dir, fs.readdirSync(dir)[0]);
    expect(path.basename(file)).toMatch(/^events\.out\.tfevents\.\d+\./);
    const events = readEvents(file);
    expect(events[0].fileVersion).toBe('brain.Event:2');
    const loss = events.filter((e) => e.scalars[0]?.tag === 'loss');
    expect(loss.map((e) => e.step)).toEqual([...Array(50).keys()]);
    loss.forEach((e, i) => expect(e.scalars[0].value).toBeCloseTo(1 / (i + 1), 6));
    expect(events.find((e) => e.scalars[0]?.tag === 'charts/episodic_return')).toMatchObject({ step: 7, scalars: [{ value: -21 }] });
    const img = events.find((e) => e.images.length)!;
    expect(img.step).toBe(100);
    expect(img.images[0]).toMatchObject({ tag: 'samples/fake', width: 8, height: 4, colorspace: 3 });
    const decoded = await sharp(img.images[0].png).raw().toBuffer();
    expect(Buffer.compare(decoded, rgb)).toBe(0);

    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 10] ^= 0x40;
    fs.writeFileSync(file, bytes);
    expect(() => readEvents(file)).toThrow(/CRC mismatch/);
  });
});

describe('progress bar', () => {
  it('prints count, percent, rate, ETA and fields on a non-TTY stream, and a summary at the end', async () => {
    const lines: string[] = [];
    const stream = { write: (s: string) => { lines.push(s); return true; }, isTTY: false };
    const bar = new ProgressBar(200, 0, { stream: stream as never, intervalSeconds: 0.05, windowSeconds: 1, label: 'train', unit: 'steps' });
    for (let i = 1; i <= 200; ++i) {
      if (i % 50 === 0) await new Promise((r) => setTimeout(r, 60));
      bar.tick(i, { return: (i / 10).toFixed(1) });
    }
    bar.finish();
    const last = lines[lines.length - 2];
    expect(last).toMatch(/^train \[#{24}\] 200\/200 100\.0% [\d.]+ steps\/s \(mean [\d.]+\) ETA 0:00  return 20\.0\n$/);
    expect(lines.some((l) => / 50\/200 25\.0% /.test(l) || / 100\/200 50\.0% /.test(l))).toBe(true);
    expect(lines[lines.length - 1]).toMatch(/^train done: 200\/200 in 0:0\d \([\d.]+ steps\/s\)\n$/);
  });
});
