// Every npm entry point, run as package.json runs it, on a machine without ROMs: each one either
// does its job (those that need no ROM) or prints one line that names the problem and exits 1:
// no stack trace, no minified source of the wasm backend.
import { exec as execCb } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../src/native.ts';
import { tracesDir } from './paths.ts';

const exec = promisify(execCb);
const scripts = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).scripts as Record<string, string>;
const noRoms = fs.mkdtempSync(path.join(os.tmpdir(), 'no-roms-'));
const runs = fs.mkdtempSync(path.join(os.tmpdir(), 'entry-runs-'));

// Build and test plumbing, not commands of the project.
const NOT_ENTRY_POINTS = ['install', 'build', 'build:native', 'typecheck', 'test', 'test:sanitize', 'test:browser'];

// Arguments for each entry point, and what it does without ROMs: 'fails' (one line, exit 1) or 'works' (exit 0).
const ENTRY_POINTS: Record<string, { args: string; expect: 'fails' | 'works'; message?: RegExp }> = {
  parity: { args: '', expect: 'fails', message: /^parity: no ROMs in / },
  roms: { args: 'list', expect: 'works' },
  games: { args: '', expect: 'works' },
  'bench:emu': { args: '--frames 100 --runs 1', expect: 'fails', message: /^error: No ROM for 'breakout'/ },
  'bench:env': { args: '--steps 10', expect: 'fails', message: /^error: No ROM for 'breakout'/ },
  train: { args: `--runs-dir ${runs} --total-steps 100 --learning-starts 10`, expect: 'fails', message: /^error: No ROM for 'breakout'/ },
  'train:breakout': { args: `--runs-dir ${runs}`, expect: 'fails', message: /^error: No ROM for 'breakout'/ },
  'train:cartpole': { args: `--algo reinforce --episodes 2 --runs-dir ${runs} --quiet`, expect: 'works' },
  'train:control': { args: `--env Pendulum-v1 --algo ppo --total-steps 64 --num-steps 64 --num-minibatches 2 --eval-episodes 1 --eval-videos 0 --runs-dir ${runs} --quiet`, expect: 'works' },
  'bench:ppo': { args: '--iterations 1', expect: 'fails', message: /^error: No ROM for 'breakout'/ },
  'bench:dqn': { args: '--backends wasm --reps 1 --agent-steps 100', expect: 'fails', message: /^error: No ROM for 'breakout'/ },
  'gan:atari': { args: `--runs-dir ${runs} --iterations 1`, expect: 'fails', message: /^error: No ROM for 'breakout'/ },
  'gan:sample': { args: `--checkpoint ${path.join(runs, 'missing')}`, expect: 'fails', message: /^error: .*missing does not exist$/ },
  render: { args: `--game breakout --random --out ${path.join(runs, 'x.mp4')}`, expect: 'fails', message: /^render: No ROM for 'breakout'/ },
  'test:leaks': { args: '--cycles 100', expect: 'fails', message: /^error: No ROM for '/ },
  'bench:gan': { args: '--iterations 1', expect: 'fails', message: /^error: No ROM for 'breakout'/ },
  'gpu:check': { args: '', expect: 'works' },
  'bench:kernels': { args: '--reps 1', expect: 'works' },
  plot: { args: path.join(runs, 'missing'), expect: 'fails', message: /^error: .*missing does not exist$/ },
  export: { args: `${path.join(runs, 'missing')} --out ${path.join(runs, 'exported')}`, expect: 'fails', message: /^error: .*missing does not exist$/ },
  play: { args: '--game breakout', expect: 'fails', message: /^play: No ROM for 'breakout'/ },
};

/** Run an npm script's command line the way npm does (node_modules/.bin on PATH), without npm's own lines. */
async function runScript(name: string, args: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const cmd = `${scripts[name]} ${args}`;
  const PATH = `${path.join(repoRoot, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}`;
  return exec(cmd, { cwd: repoRoot, env: { ...process.env, PATH, ATARI_ROMS_DIR: noRoms, ALE_TRACES_DIR: tracesDir, ...env }, maxBuffer: 1 << 26 })
    .then((r) => ({ code: 0, ...r }), (e) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));
}

describe('entry points without ROMs', () => {
  it('every npm script is either an entry point checked here or build/test plumbing', () => {
    expect(Object.keys(scripts).filter((s) => !(s in ENTRY_POINTS) && !NOT_ENTRY_POINTS.includes(s))).toEqual([]);
  });

  for (const [name, c] of Object.entries(ENTRY_POINTS)) {
    it(`npm run ${name} ${c.expect === 'fails' ? 'prints one line and exits 1' : 'works'}`, async () => {
      const r = await runScript(name, c.args);
      if (c.expect === 'works') {
        expect(r.code, r.stderr).toBe(0);
        return;
      }
      expect(r.code, r.stderr.slice(0, 2000)).toBe(1);
      const lines = r.stderr.trim().split('\n');
      expect(lines, r.stderr.slice(0, 2000)).toHaveLength(1);
      expect(lines[0]).toMatch(c.message!);
      expect(lines[0]).toMatch(/npm run roms -- import|does not exist/); // and says what to do
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }, 120_000);
  }
});

describe('errors that escape a command', () => {
  it('a throw in a callback or an unhandled rejection after the wasm backend loaded prints one line and exits 1', async () => {
    // The wasm backend's Emscripten module installs process handlers that rethrow; Node then prints
    // the rethrowing line of its minified source (tens of KB) above the error.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'late-error-'));
    for (const [name, fail] of [['callback', 'setTimeout(() => { throw new Error("late failure in a callback"); }, 10);'],
      ['rejection', 'void Promise.reject(new Error("late failure in a promise"));']]) {
      const file = path.join(dir, `${name}.mts`);
      fs.writeFileSync(file, `
        import { selectBackend } from ${JSON.stringify(path.join(repoRoot, 'src/tf/backend.ts'))};
        import { runCli } from ${JSON.stringify(path.join(repoRoot, 'src/cli/flags.ts'))};
        await runCli(async () => {
          const b = await selectBackend('wasm');
          process.stdout.write(b.name + '\\n');
          ${fail}
          await new Promise((r) => setTimeout(r, 1000));
        }, () => 'usage');`);
      const r = await exec(`${path.join(repoRoot, 'node_modules', '.bin', 'tsx')} ${file}`, { cwd: repoRoot, maxBuffer: 1 << 26 })
        .then((x) => ({ code: 0, ...x }), (e) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));
      expect(r.stdout).toBe('wasm\n');
      expect(r.code, r.stderr.slice(0, 500)).toBe(1);
      expect(r.stderr).toBe(`error: late failure in ${name === 'callback' ? 'a callback' : 'a promise'}\n`);
    }
  }, 120_000);
});
