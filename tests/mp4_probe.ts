// Test helpers that look inside an mp4 without ffprobe: the container parsed here box by box
// (ISO BMFF: moov/trak/mdia/minf/stbl), ffmpeg's own description of the stream from the stderr
// of `ffmpeg -i`, and single frames decoded back to rgb24 through a pipe.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

import { resolveFfmpeg } from '../src/video/ffmpeg_path.ts';

const run = promisify(execFile);

export interface VideoTrack {
  codec: string;
  width: number;
  height: number;
  /** avcC: profile_idc (100 = High), level_idc, and for High profiles chroma format and bit depth. */
  profile: number;
  level: number;
  chromaFormat?: number;
  bitDepthLuma?: number;
  sampleCount: number;
  timescale: number;
  /** stts as [count, delta] runs. */
  sampleDeltas: [number, number][];
}

interface Box {
  type: string;
  start: number; // of the payload
  end: number;
}

function children(buf: Buffer, start: number, end: number): Box[] {
  const out: Box[] = [];
  let p = start;
  while (p + 8 <= end) {
    let size = buf.readUInt32BE(p);
    const type = buf.toString('latin1', p + 4, p + 8);
    let header = 8;
    if (size === 1) {
      size = Number(buf.readBigUInt64BE(p + 8));
      header = 16;
    } else if (size === 0) size = end - p;
    if (size < header || p + size > end) throw new Error(`mp4: bad box '${type}' at ${p}`);
    out.push({ type, start: p + header, end: p + size });
    p += size;
  }
  return out;
}

function child(buf: Buffer, box: Box, type: string): Box {
  const c = children(buf, box.start, box.end).find((b) => b.type === type);
  if (!c) throw new Error(`mp4: no '${type}' in '${box.type}'`);
  return c;
}

/**
 * chroma_format_idc and luma bit depth from an H.264 sequence parameter set (High profiles
 * carry them; the others are 4:2:0, 8-bit).
 */
function spsFormat(nal: Buffer): { chromaFormat: number; bitDepthLuma: number } {
  // Drop emulation-prevention bytes (00 00 03 -> 00 00).
  const bytes: number[] = [];
  for (let i = 1; i < nal.length; ++i) {
    if (i >= 3 && nal[i] === 3 && nal[i - 1] === 0 && nal[i - 2] === 0) continue;
    bytes.push(nal[i]);
  }
  let bit = 24; // after profile_idc, constraint flags, level_idc
  const u1 = () => (bytes[bit >> 3] >> (7 - (bit++ & 7))) & 1;
  const ue = () => {
    let zeros = 0;
    while (u1() === 0) zeros++;
    let v = 1;
    for (let i = 0; i < zeros; ++i) v = (v << 1) | u1();
    return v - 1;
  };
  const profile = bytes[0];
  ue(); // seq_parameter_set_id
  if (![100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135].includes(profile)) return { chromaFormat: 1, bitDepthLuma: 8 };
  const chromaFormat = ue();
  if (chromaFormat === 3) u1(); // separate_colour_plane_flag
  return { chromaFormat, bitDepthLuma: ue() + 8 };
}

/** The video track of an mp4 file, from its moov box. */
export function probeMp4(file: string): VideoTrack {
  const buf = readFileSync(file);
  const moov = children(buf, 0, buf.length).find((b) => b.type === 'moov');
  if (!moov) throw new Error('mp4: no moov box');
  for (const trak of children(buf, moov.start, moov.end).filter((b) => b.type === 'trak')) {
    const mdia = child(buf, trak, 'mdia');
    const hdlr = child(buf, mdia, 'hdlr');
    if (buf.toString('latin1', hdlr.start + 8, hdlr.start + 12) !== 'vide') continue;
    const mdhd = child(buf, mdia, 'mdhd');
    const timescale = buf.readUInt32BE(mdhd.start + (buf[mdhd.start] === 1 ? 20 : 12));
    const stbl = child(buf, child(buf, mdia, 'minf'), 'stbl');
    const stsd = child(buf, stbl, 'stsd');
    // stsd: version/flags, entry count, then the first sample entry box.
    const [entry] = children(buf, stsd.start + 8, stsd.end);
    // VisualSampleEntry: 6 reserved + data ref index, 16 bytes pre-defined/reserved, then width, height.
    const width = buf.readUInt16BE(entry.start + 24);
    const height = buf.readUInt16BE(entry.start + 26);
    const track: VideoTrack = { codec: entry.type, width, height, profile: 0, level: 0, sampleCount: 0, timescale, sampleDeltas: [] };
    const avcC = children(buf, entry.start + 78, entry.end).find((b) => b.type === 'avcC');
    if (avcC) {
      let p = avcC.start;
      track.profile = buf[p + 1];
      track.level = buf[p + 3];
      p += 5;
      const nSps = buf[p++] & 0x1f;
      if (nSps > 0) Object.assign(track, spsFormat(buf.subarray(p + 2, p + 2 + buf.readUInt16BE(p))));
    }
    const stsz = child(buf, stbl, 'stsz');
    track.sampleCount = buf.readUInt32BE(stsz.start + 8);
    const stts = child(buf, stbl, 'stts');
    const n = buf.readUInt32BE(stts.start + 4);
    for (let i = 0; i < n; ++i) track.sampleDeltas.push([buf.readUInt32BE(stts.start + 8 + 8 * i), buf.readUInt32BE(stts.start + 12 + 8 * i)]);
    return track;
  }
  throw new Error('mp4: no video track');
}

/** ffmpeg's one-line description of the first video stream: codec, pixel format, size. */
export async function ffmpegStreamInfo(file: string): Promise<{ codec: string; pixFmt: string; width: number; height: number; line: string }> {
  // With no output ffmpeg exits 1 after describing the input on stderr.
  const r = await run(resolveFfmpeg().path, ['-hide_banner', '-i', file]).catch((e: { stderr: string }) => e);
  const line = r.stderr.split('\n').find((l) => /Stream #0:\d.*Video:/.test(l)) ?? '';
  const m = /Video: (\w+).*?, (\w+)(?:\([^)]*\))?, (\d+)x(\d+)/.exec(line);
  if (!m) throw new Error(`no video stream in ffmpeg's description of ${file}:\n${r.stderr}`);
  return { codec: m[1], pixFmt: m[2], width: Number(m[3]), height: Number(m[4]), line: line.trim() };
}

/** Decodes every frame and returns how many ffmpeg counted. */
export async function decodedFrameCount(file: string): Promise<number> {
  const r = await run(resolveFfmpeg().path, ['-hide_banner', '-i', file, '-map', '0:v:0', '-f', 'null', '-']);
  const counts = [...r.stderr.matchAll(/frame=\s*(\d+)/g)];
  if (!counts.length) throw new Error(`ffmpeg reported no frame count:\n${r.stderr}`);
  return Number(counts[counts.length - 1][1]);
}

/** Frame n (from 0) decoded to rgb24. */
export async function decodeFrame(file: string, n: number, width: number, height: number): Promise<Uint8Array> {
  const r = await run(
    resolveFfmpeg().path,
    ['-v', 'error', '-i', file, '-vf', `select=eq(n\\,${n})`, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
    { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
  );
  const data = new Uint8Array(r.stdout);
  if (data.length !== width * height * 3) throw new Error(`decoded frame ${n} has ${data.length} bytes, expected ${width}x${height}x3`);
  return data;
}

/** Mean absolute difference per channel value, and the largest such mean over 8x8 blocks. */
export function frameError(a: Uint8Array, b: Uint8Array, width: number, height: number): { mean: number; worstBlock: number } {
  if (a.length !== b.length || a.length !== width * height * 3) throw new Error('frameError: sizes differ');
  let total = 0;
  let worstBlock = 0;
  for (let by = 0; by < height; by += 8) {
    for (let bx = 0; bx < width; bx += 8) {
      let sum = 0, n = 0;
      for (let y = by; y < Math.min(by + 8, height); ++y)
        for (let x = bx; x < Math.min(bx + 8, width); ++x)
          for (let c = 0; c < 3; ++c) {
            const i = (y * width + x) * 3 + c;
            sum += Math.abs(a[i] - b[i]);
            n++;
          }
      total += sum;
      worstBlock = Math.max(worstBlock, sum / n);
    }
  }
  return { mean: total / a.length, worstBlock };
}
