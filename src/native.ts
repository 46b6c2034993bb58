// Loads the compiled addon once. A missing build gets an error that says how to make one.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let cached: any;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function native(): any {
  if (cached) return cached;
  // ATARI_NATIVE_ADDON points at another build of the addon (e.g. the sanitizer build).
  const file = process.env.ATARI_NATIVE_ADDON ?? path.join(repoRoot, 'build', 'Release', 'atari_native.node');
  if (!existsSync(file)) {
    throw new Error(
      `The native addon is not built (${path.relative(process.cwd(), file)} is missing). ` +
        'Run `npm install` (or `npm run build`) in the project folder; it needs a C++17 compiler, python3 and make.',
    );
  }
  cached = createRequire(import.meta.url)(file);
  return cached;
}
