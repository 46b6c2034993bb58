// A stack of frames that shares memory with its neighbours: it keeps references to the frame
// buffers and only concatenates them (once, cached) when the stack is read as one array.
export class LazyFrames {
  private joined?: Uint8Array;
  constructor(readonly frames: readonly Uint8Array[]) {}

  get length(): number {
    return this.frames.length;
  }
  /** Frames concatenated in order (oldest first): shape [k, ...frame]. */
  toArray(): Uint8Array {
    if (!this.joined) {
      const n = this.frames[0].length;
      this.joined = new Uint8Array(n * this.frames.length);
      this.frames.forEach((f, i) => this.joined!.set(f, i * n));
    }
    return this.joined;
  }
  frame(i: number): Uint8Array {
    return this.frames[i];
  }
}
