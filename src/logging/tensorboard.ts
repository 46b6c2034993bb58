// TensorBoard event files written directly: TFRecord framing (length, masked CRC32C of the
// length, payload, masked CRC32C of the payload) around hand-encoded `Event` protobufs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// ---- CRC32C (Castagnoli), as TFRecord uses it, with TensorFlow's masking.
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; ++i) {
    let c = i;
    for (let k = 0; k < 8; ++k) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

export function crc32c(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; ++i) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function maskedCrc(data: Uint8Array): number {
  const c = crc32c(data);
  return ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

// ---- Minimal protobuf encoding (varints, length-delimited fields, fixed 32/64).
class Proto {
  private parts: Buffer[] = [];
  private varint(v: number | bigint): void {
    let x = BigInt(v);
    if (x < 0n) x += 1n << 64n;
    const bytes: number[] = [];
    do {
      let b = Number(x & 0x7fn);
      x >>= 7n;
      if (x > 0n) b |= 0x80;
      bytes.push(b);
    } while (x > 0n);
    this.parts.push(Buffer.from(bytes));
  }
  private key(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }
  double(field: number, v: number): this {
    this.key(field, 1);
    const b = Buffer.alloc(8);
    b.writeDoubleLE(v);
    this.parts.push(b);
    return this;
  }
  float(field: number, v: number): this {
    this.key(field, 5);
    const b = Buffer.alloc(4);
    b.writeFloatLE(v);
    this.parts.push(b);
    return this;
  }
  int(field: number, v: number | bigint): this {
    this.key(field, 0);
    this.varint(v);
    return this;
  }
  bytes(field: number, v: Uint8Array | string): this {
    const b = typeof v === 'string' ? Buffer.from(v, 'utf8') : Buffer.from(v);
    this.key(field, 2);
    this.varint(b.length);
    this.parts.push(b);
    return this;
  }
  finish(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** One TFRecord: the framing around a serialized Event. */
export function tfRecord(payload: Uint8Array): Buffer {
  const head = Buffer.alloc(12);
  head.writeBigUInt64LE(BigInt(payload.length), 0);
  head.writeUInt32LE(maskedCrc(head.subarray(0, 8)), 8);
  const tail = Buffer.alloc(4);
  tail.writeUInt32LE(maskedCrc(payload), 0);
  return Buffer.concat([head, Buffer.from(payload), tail]);
}

// Event: wall_time 1 (double), step 2 (int64), file_version 3 (string), summary 5.
// Summary.value 1 -> Value: tag 1, simple_value 2 (float), image 4 -> Image: height 1, width 2,
// colorspace 3, encoded_image_string 4.
function event(step: number, fill: (e: Proto) => void, wallTime = Date.now() / 1000): Buffer {
  const e = new Proto().double(1, wallTime).int(2, step);
  fill(e);
  return e.finish();
}

export interface ImageData {
  png: Uint8Array;
  width: number;
  height: number;
  channels?: number;
}

/** Appends scalar and image summaries to one event file in `dir`; buffered, flushed on an interval. */
export class SummaryWriter {
  readonly file: string;
  private pending: Buffer[] = [];
  private fd: number;
  private timer: NodeJS.Timeout;

  constructor(readonly dir: string, flushSeconds = 10) {
    fs.mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, `events.out.tfevents.${Math.floor(Date.now() / 1000)}.${os.hostname()}`);
    this.fd = fs.openSync(this.file, 'a');
    this.pending.push(tfRecord(event(0, (e) => e.bytes(3, 'brain.Event:2'))));
    this.flush();
    this.timer = setInterval(() => this.flush(), flushSeconds * 1000);
    this.timer.unref();
  }

  scalar(tag: string, value: number, step: number): void {
    const v = new Proto().bytes(1, tag).float(2, value).finish();
    this.pending.push(tfRecord(event(step, (e) => e.bytes(5, new Proto().bytes(1, v).finish()))));
  }

  image(tag: string, img: ImageData, step: number): void {
    const im = new Proto().int(1, img.height).int(2, img.width).int(3, img.channels ?? 3).bytes(4, img.png).finish();
    const v = new Proto().bytes(1, tag).bytes(4, im).finish();
    this.pending.push(tfRecord(event(step, (e) => e.bytes(5, new Proto().bytes(1, v).finish()))));
  }

  flush(): void {
    if (!this.pending.length || this.fd < 0) return;
    fs.writeSync(this.fd, Buffer.concat(this.pending));
    this.pending = [];
  }

  close(): void {
    if (this.fd < 0) return;
    clearInterval(this.timer);
    this.flush();
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
    this.fd = -1;
  }
}
