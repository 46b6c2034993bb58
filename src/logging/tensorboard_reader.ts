// Reads TensorBoard event files back, checking both CRCs of every record: for tests and
// `npm run tb:dump`.
import fs from 'node:fs';
import { maskedCrc } from './tensorboard.ts';

export interface EventRecord {
  wallTime: number;
  step: number;
  fileVersion?: string;
  scalars: { tag: string; value: number }[];
  images: { tag: string; width: number; height: number; colorspace: number; png: Buffer }[];
}

type Field = { field: number; wire: number; value: bigint | Buffer };

function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let i = 0;
  const varint = () => {
    let v = 0n;
    let shift = 0n;
    for (;;) {
      if (i >= buf.length) throw new Error('truncated varint in event protobuf');
      const b = buf[i++];
      v |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
      shift += 7n;
    }
  };
  while (i < buf.length) {
    const key = Number(varint());
    const field = key >> 3;
    const wire = key & 7;
    if (wire === 0) out.push({ field, wire, value: varint() });
    else if (wire === 1) { out.push({ field, wire, value: buf.subarray(i, i + 8) }); i += 8; }
    else if (wire === 5) { out.push({ field, wire, value: buf.subarray(i, i + 4) }); i += 4; }
    else if (wire === 2) { const n = Number(varint()); out.push({ field, wire, value: buf.subarray(i, i + n) }); i += n; }
    else throw new Error(`unsupported protobuf wire type ${wire}`);
  }
  return out;
}

export function readEvents(file: string): EventRecord[] {
  const data = fs.readFileSync(file);
  const events: EventRecord[] = [];
  let off = 0;
  while (off < data.length) {
    if (off + 12 > data.length) throw new Error(`${file}: truncated record header at byte ${off}`);
    const lenBytes = data.subarray(off, off + 8);
    if (data.readUInt32LE(off + 8) !== maskedCrc(lenBytes)) throw new Error(`${file}: length CRC mismatch at byte ${off}`);
    const len = Number(data.readBigUInt64LE(off));
    const payload = data.subarray(off + 12, off + 12 + len);
    if (payload.length !== len || off + 16 + len > data.length) throw new Error(`${file}: truncated record at byte ${off}`);
    if (data.readUInt32LE(off + 12 + len) !== maskedCrc(payload)) throw new Error(`${file}: data CRC mismatch at byte ${off}`);
    off += 16 + len;
    const ev: EventRecord = { wallTime: 0, step: 0, scalars: [], images: [] };
    for (const f of fields(payload)) {
      if (f.field === 1) ev.wallTime = (f.value as Buffer).readDoubleLE(0);
      else if (f.field === 2) ev.step = Number(f.value as bigint);
      else if (f.field === 3) ev.fileVersion = (f.value as Buffer).toString('utf8');
      else if (f.field === 5) {
        for (const sv of fields(f.value as Buffer)) {
          if (sv.field !== 1) continue;
          let tag = '';
          let scalar: number | undefined;
          let image: EventRecord['images'][number] | undefined;
          for (const vf of fields(sv.value as Buffer)) {
            if (vf.field === 1) tag = (vf.value as Buffer).toString('utf8');
            else if (vf.field === 2) scalar = (vf.value as Buffer).readFloatLE(0);
            else if (vf.field === 4) {
              image = { tag: '', width: 0, height: 0, colorspace: 0, png: Buffer.alloc(0) };
              for (const imf of fields(vf.value as Buffer)) {
                if (imf.field === 1) image.height = Number(imf.value);
                else if (imf.field === 2) image.width = Number(imf.value);
                else if (imf.field === 3) image.colorspace = Number(imf.value);
                else if (imf.field === 4) image.png = imf.value as Buffer;
              }
            }
          }
          if (scalar !== undefined) ev.scalars.push({ tag, value: scalar });
          if (image) ev.images.push({ ...image, tag });
        }
      }
    }
    events.push(ev);
  }
  return events;
}
