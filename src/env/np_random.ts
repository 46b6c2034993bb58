// NumPy's default generator, bit for bit: SeedSequence(seed) feeding PCG64 (XSL-RR 128/64), the
// generator Gymnasium's `reset(seed=...)` creates. With it the continuous-control envs start from
// exactly Gymnasium's states for the same seed. Resets draw a few numbers, so BigInt is fast enough.

const mul32 = (a: number, b: number) => Math.imul(a, b) >>> 0;

// SeedSequence's hash constants (NumPy's bit_generator.pyx, after Melissa O'Neill's seed_seq).
const INIT_A = 0x43b0d7e5, MULT_A = 0x931e8875, INIT_B = 0x8b51f9dd, MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd, MIX_MULT_R = 0x4973f715, XSHIFT = 16, POOL_SIZE = 4;

/** The entropy pool NumPy's SeedSequence(seed) builds from a non-negative integer seed. */
function seedSequencePool(seed: bigint): Uint32Array {
  // The integer as little-endian 32-bit words ([0] for zero).
  const entropy: number[] = [];
  let s = seed;
  do {
    entropy.push(Number(s & 0xffffffffn));
    s >>= 32n;
  } while (s > 0n);

  let hashConst = INIT_A;
  const hashmix = (v: number) => {
    v = (v ^ hashConst) >>> 0;
    hashConst = mul32(hashConst, MULT_A);
    v = mul32(v, hashConst);
    return (v ^ (v >>> XSHIFT)) >>> 0;
  };
  const mix = (x: number, y: number) => {
    const r = (mul32(MIX_MULT_L, x) - mul32(MIX_MULT_R, y)) >>> 0;
    return (r ^ (r >>> XSHIFT)) >>> 0;
  };
  const pool = new Uint32Array(POOL_SIZE);
  for (let i = 0; i < POOL_SIZE; ++i) pool[i] = hashmix(i < entropy.length ? entropy[i] : 0);
  for (let src = 0; src < POOL_SIZE; ++src)
    for (let dst = 0; dst < POOL_SIZE; ++dst) if (src !== dst) pool[dst] = mix(pool[dst], hashmix(pool[src]));
  for (let src = POOL_SIZE; src < entropy.length; ++src)
    for (let dst = 0; dst < POOL_SIZE; ++dst) pool[dst] = mix(pool[dst], hashmix(entropy[src]));
  return pool;
}

/** SeedSequence.generate_state(nWords64, np.uint64). */
function generateState64(pool: Uint32Array, nWords64: number): bigint[] {
  let hashConst = INIT_B;
  const words = new Uint32Array(nWords64 * 2);
  for (let i = 0; i < words.length; ++i) {
    let v = (pool[i % POOL_SIZE] ^ hashConst) >>> 0;
    hashConst = mul32(hashConst, MULT_B);
    v = mul32(v, hashConst);
    words[i] = (v ^ (v >>> XSHIFT)) >>> 0;
  }
  const out: bigint[] = [];
  for (let i = 0; i < nWords64; ++i) out.push((BigInt(words[2 * i + 1]) << 32n) | BigInt(words[2 * i]));
  return out;
}

const MASK128 = (1n << 128n) - 1n;
const MASK64 = (1n << 64n) - 1n;
const PCG_MULT = (2549297995355413924n << 64n) + 4865540595714422341n;

export class NumpyGenerator {
  private state = 0n;
  private inc = 0n;

  /** Generator(PCG64(SeedSequence(seed))) — what np.random.default_rng(seed) returns. */
  constructor(seed: number | bigint) {
    if (typeof seed === 'number' && (!Number.isSafeInteger(seed) || seed < 0))
      throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
    const big = BigInt(seed);
    if (big < 0n) throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
    const [s0, s1, i0, i1] = generateState64(seedSequencePool(big), 4);
    const initState = (s0 << 64n) | s1;
    const initSeq = (i0 << 64n) | i1;
    this.inc = ((initSeq << 1n) | 1n) & MASK128;
    this.step();
    this.state = (this.state + initState) & MASK128;
    this.step();
  }

  private step(): void {
    this.state = (this.state * PCG_MULT + this.inc) & MASK128;
  }

  nextUint64(): bigint {
    this.step();
    const x = ((this.state >> 64n) ^ this.state) & MASK64;
    const rot = this.state >> 122n;
    return ((x >> rot) | (x << ((64n - rot) & 63n))) & MASK64;
  }

  /** Uniform in [0, 1) with 53 random bits, as Generator.random(). */
  random(): number {
    return Number(this.nextUint64() >> 11n) / 9007199254740992;
  }

  /** Generator.uniform(low, high): low + (high - low) * random(). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.random();
  }
}
