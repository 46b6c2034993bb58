// Command-line flags mapped onto a config object: --kebab-case value for every key of the
// defaults, typed by the default's type; booleans take --flag / --no-flag. Unknown or malformed
// flags are usage errors (exit code 2), never stack traces.
export class UsageError extends Error {}

const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

export interface FlagSpec<T> {
  defaults: T;
  choices?: Partial<Record<keyof T, readonly string[]>>;
  extra?: Record<string, 'boolean' | 'string' | 'number'>; // flags outside the config (e.g. --resume)
}

export function parseFlags<T extends object>(argv: string[], spec: FlagSpec<T>): { config: T; extra: Record<string, string | number | boolean> } {
  const config = { ...spec.defaults } as Record<string, unknown>;
  const extra: Record<string, string | number | boolean> = {};
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
      if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got '${value}'`);
      target[k] = n;
    } else {
      const choices = key ? spec.choices?.[key as keyof T] : undefined;
      if (choices && !choices.includes(value)) throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got '${value}'`);
      target[k] = value;
    }
  }
  return { config: config as T, extra };
}

/** Usage text listing every flag with its default. */
export function usage<T extends object>(command: string, spec: FlagSpec<T>): string {
  const rows = Object.entries(spec.defaults).map(([k, v]) => {
    const c = spec.choices?.[k as keyof T];
    return `  --${kebab(k)} ${typeof v === 'boolean' ? '(flag)' : c ? c.join('|') : typeof v}  default ${JSON.stringify(v)}`;
  });
  const extra = Object.entries(spec.extra ?? {}).map(([k, t]) => `  --${k} ${t === 'boolean' ? '(flag)' : t}`);
  return `usage: ${command} [flags]\n${[...rows, ...extra].join('\n')}`;
}

/** Run a CLI main: usage errors print the message and usage and exit 2; other errors print the message and exit 1. */
export async function runCli(main: () => Promise<void>, usageText: () => string): Promise<void> {
  try {
    await main();
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n${usageText()}\n`);
      process.exit(2);
    }
    process.stderr.write(`error: ${(e as Error).message}\n`);
    process.exit(1);
  }
}
