// Command-line flags mapped onto a config object: --kebab-case value for every key of the
// defaults, typed by the default's type; booleans take --flag / --no-flag. Every numeric flag has
// a range, checked with a message naming the flag and the range. Unknown, malformed or
// out-of-range flags are usage errors (exit code 2), never stack traces.
export class UsageError extends Error {
  /** showUsage: false for refusals whose one line says everything (the flag list would bury it). */
  constructor(message: string, readonly showUsage = true) {
    super(message);
  }
}

export const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

/** Accepted values of a numeric flag: bounds (inclusive min/max, exclusive above/below) and integrality. */
export interface Range {
  integer?: boolean;
  min?: number;
  max?: number;
  above?: number;
  below?: number;
}

export const ranges = {
  positive: { above: 0 } as Range,               // rates, decays
  nonNegative: { min: 0 } as Range,
  fraction: { min: 0, max: 1 } as Range,         // probabilities, discounts, fractions
  count: { integer: true, min: 1 } as Range,     // sizes, frequencies, lengths
  countOrZero: { integer: true, min: 0 } as Range, // 0 = off / none
  seed: { integer: true, min: 0, max: 2 ** 32 - 1 } as Range,
};

/** 'an integer >= 1', 'a number in [0, 1]', 'a number > 0', ... */
export function describeRange(r: Range): string {
  const what = r.integer ? 'an integer' : 'a number';
  const lo = r.above !== undefined ? { v: r.above, open: true } : r.min !== undefined ? { v: r.min, open: false } : undefined;
  const hi = r.below !== undefined ? { v: r.below, open: true } : r.max !== undefined ? { v: r.max, open: false } : undefined;
  if (lo && hi) return `${what} in ${lo.open ? '(' : '['}${lo.v}, ${hi.v}${hi.open ? ')' : ']'}`;
  if (lo) return `${what} ${lo.open ? '>' : '>='} ${lo.v}`;
  if (hi) return `${what} ${hi.open ? '<' : '<='} ${hi.v}`;
  return what;
}

export function inRange(v: number, r: Range): boolean {
  return Number.isFinite(v) && (!r.integer || Number.isInteger(v)) && !(r.min !== undefined && v < r.min) &&
    !(r.max !== undefined && v > r.max) && !(r.above !== undefined && v <= r.above) && !(r.below !== undefined && v >= r.below);
}

/** Throws the usage error for a value outside its range. */
export function checkRange(flag: string, v: number, r: Range): void {
  if (!inRange(v, r)) throw new UsageError(`--${flag} must be ${describeRange(r)}, got ${v}`);
}

export interface FlagSpec<T> {
  defaults: T;
  choices?: Partial<Record<keyof T, readonly string[]>>;
  ranges?: Partial<Record<keyof T, Range>>;        // every numeric key of the defaults
  relations?: readonly ((c: T) => string | undefined)[]; // checks across flags, on the final config
  extra?: Record<string, 'boolean' | 'string' | 'number'>; // flags outside the config (e.g. --resume)
  extraRanges?: Record<string, Range>;
  help?: Partial<Record<string, string>>; // per flag (config key or extra name): what it does, where its default comes from
}

/** The cross-flag checks of a spec on a final configuration (after a resume merged the saved one). */
export function checkRelations<T>(spec: Pick<FlagSpec<T>, 'relations'>, config: T): void {
  for (const rule of spec.relations ?? []) {
    const problem = rule(config);
    if (problem) throw new UsageError(problem);
  }
}

export function parseFlags<T extends object>(argv: string[], spec: FlagSpec<T>): { config: T; extra: Record<string, string | number | boolean>; given: Set<keyof T> } {
  const config = { ...spec.defaults } as Record<string, unknown>;
  const extra: Record<string, string | number | boolean> = {};
  const given = new Set<keyof T>();
  const keys = new Map(Object.keys(spec.defaults).map((k) => [kebab(k), k]));
  for (let i = 0; i < argv.length; ++i) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument '${arg}' (flags look like --name value)`);
    let name = arg.slice(2);
    let value: string | undefined;
    const eq = name.indexOf('=');
    if (eq >= 0) { value = name.slice(eq + 1); name = name.slice(0, eq); }
    let key = keys.get(name);
    let extraType = spec.extra?.[name];
    let negated = false;
    if (!key && !extraType && name.startsWith('no-')) {
      const base = name.slice(3);
      key = keys.get(base);
      extraType = spec.extra?.[base];
      negated = !!(key || extraType);
      if (negated) name = base;
    }
    const type = key ? typeof spec.defaults[key as keyof T] : extraType;
    if (!type) throw new UsageError(`unknown flag ${arg.split('=')[0]}`);
    const target = key ? config : extra;
    const k = key ?? name;
    if (key) given.add(key as keyof T);
    if (type === 'boolean') {
      if (value !== undefined && (negated || !['true', 'false'].includes(value))) throw new UsageError(`--${name} takes no value, got '${value}'`);
      target[k] = value === undefined ? !negated : value === 'true';
      continue;
    }
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
    }
    if (type === 'number') {
      const n = Number(value.replace(/_/g, ''));
      if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got '${value}'`);
      const range = key ? spec.ranges?.[key as keyof T] : spec.extraRanges?.[name];
      if (range) checkRange(name, n, range);
      target[k] = n;
    } else {
      const choices = key ? spec.choices?.[key as keyof T] : undefined;
      if (choices && !choices.includes(value)) throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got '${value}'`);
      target[k] = value;
    }
  }
  return { config: config as T, extra, given };
}

/** Usage text listing every flag with its default (and its help line, where the spec has one). */
export function usage<T extends object>(command: string, spec: FlagSpec<T>): string {
  const help = (k: string) => (spec.help?.[k] ? `\n      ${spec.help[k]}` : '');
  const rows = Object.entries(spec.defaults).map(([k, v]) => {
    const c = spec.choices?.[k as keyof T];
    const r = spec.ranges?.[k as keyof T];
    return `  --${kebab(k)} ${typeof v === 'boolean' ? '(flag)' : c ? c.join('|') : r ? describeRange(r) : typeof v}  default ${JSON.stringify(v)}${help(k)}`;
  });
  const extra = Object.entries(spec.extra ?? {}).map(([k, t]) => `  --${k} ${t === 'boolean' ? '(flag)' : t}${help(k)}`);
  return `usage: ${command} [flags]\n${[...rows, ...extra].join('\n')}`;
}

let guarded = false;

/**
 * Errors that escape a command's main (a throw in a callback, an unhandled rejection) print one
 * line and exit 1. Installed before anything else registers a handler: the wasm backend's
 * Emscripten module adds handlers that rethrow, and Node then prints the rethrowing line of its
 * minified source (30 KB) above the error.
 */
export function exitOnUncaughtErrors(prefix = 'error'): void {
  if (guarded) return;
  guarded = true;
  const fail = (e: unknown) => {
    process.stderr.write(`${prefix}: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  };
  process.prependListener('uncaughtException', fail);
  process.prependListener('unhandledRejection', fail);
}

/** Run a CLI main: usage errors print the message and usage and exit 2; other errors print the message and exit 1. */
export async function runCli(main: () => Promise<void>, usageText: () => string): Promise<void> {
  exitOnUncaughtErrors();
  try {
    await main();
    // A command that ran on webgpu destroys its device before exiting (src/tf/webgpu.ts).
    if ((globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu) await (await import('../tf/backend.ts')).releaseBackend();
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n${e.showUsage ? usageText() + '\n' : ''}`);
      process.exit(2);
    }
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
