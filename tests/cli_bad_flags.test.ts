// Bad flags of the commands that had no such test (gan:atari, gan:sample, parity, games, export): exit code
// 2, a first line that names the flag and the problem, then the usage; never a stack trace. Each
// case runs the real command line in a child process.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tracesDir } from './paths.ts';
import { repoRoot } from '../src/native.ts';

const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
const run = (script: string, args: string[]) => promisify(execFile)(tsx, [`src/cli/${script}`, ...args], { cwd: repoRoot, maxBuffer: 1 << 24 })
  .then((r) => ({ code: 0, ...r }), (e) => ({ code: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string }));

const CASES: [string, string[], RegExp, RegExp][] = [
  ['gan.ts', ['--bogus', '1'], /^error: unknown flag --bogus$/, /^usage: npm run gan:atari/],
  ['gan.ts', ['--iterations', '-3'], /^error: --iterations must be an integer >= 1, got -3$/, /^usage: npm run gan:atari/],
  ['gan.ts', ['--batch-size', '0'], /^error: --batch-size must be an integer >= 1, got 0$/, /^usage: npm run gan:atari/],
  ['gan_sample.ts', ['--n', '4'], /^error: --checkpoint is required$/, /^usage: npm run gan:sample/],
  ['gan_sample.ts', ['--checkpoint', 'x', '--n', 'abc'], /^error: --n must be a number, got 'abc'$/, /^usage: npm run gan:sample/],
  ['gan_sample.ts', ['--checkpoint', 'x', '--n', '0'], /^error: --n must be an integer in \[1, 4096\], got 0$/, /^usage: npm run gan:sample/],
  ['parity.ts', [tracesDir, '--bogus'], /^parity: unknown flag --bogus$/, /^usage: npm run parity/],
  ['parity.ts', ['--game'], /^parity: --game needs a value$/, /^usage: npm run parity/],
  ['parity.ts', [path.join(tracesDir, 'no-such-folder')], /^parity: trace folder .*no-such-folder does not exist$/, /^usage: npm run parity/],
  ['games.ts', ['--bogus'], /^games: unknown argument --bogus$/, /^usage: npm run games/],
  ['games.ts', ['--json', 'extra'], /^games: unknown argument extra$/, /^usage: npm run games/],
  ['export.ts', ['runs/x'], /^error: --out DIR is required$/, /^usage: npm run export/],
  ['export.ts', ['runs/x', 'runs/y', '--out', 'o'], /^error: name one run directory$/, /^usage: npm run export/],
  ['export.ts', ['runs/x', '--outdir', 'o'], /^error: unknown flag --outdir$/, /^usage: npm run export/],
];

describe('bad flags: one line naming the problem, the usage, exit 2', () => {
  for (const [script, args, first, usageLine] of CASES) {
    it(`${script} ${args.map((a) => path.basename(a)).join(' ')}`, async () => {
      const r = await run(script, args);
      expect(r.code, r.stderr).toBe(2);
      const lines = r.stderr.split('\n').filter((l) => l && !l.startsWith('Warning: '));
      expect(lines[0]).toMatch(first);
      expect(lines[1]).toMatch(usageLine);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe('');
    }, 60_000);
  }
});
