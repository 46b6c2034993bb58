// Every numeric flag of every command has a range, and a value outside it is refused with a
// message naming the flag and the range, before any work starts.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../src/native.ts';
import { defaultDqnConfig } from '../src/agents/dqn.ts';
import { defaultGanConfig } from '../src/agents/dcgan.ts';
import { defaultCartPoleDqnConfig } from '../src/agents/cartpole_dqn.ts';
import { defaultReinforceConfig } from '../src/agents/reinforce.ts';
import { defaultPixelDqnConfig } from '../src/agents/cartpole_pixels_dqn.ts';
import { checkRelations, describeRange, parseFlags, UsageError, type FlagSpec, type Range } from '../src/cli/flags.ts';
import {
  cartPoleDqnRanges, cartPoleRelations, dqnRanges, dqnRelations, ganRanges, pixelDqnRanges, reinforceRanges,
} from '../src/cli/flag_rules.ts';
import { ppoAtariDefaults, ppoContinuousDefaults, ppoDiscreteDefaults } from '../src/agents/ppo.ts';
import { a2cAtariDefaults, a2cControlDefaults } from '../src/agents/a2c.ts';
import { ddpgDefaults } from '../src/agents/ddpg.ts';
import { a2cRanges, ddpgRanges, ppoRanges } from '../src/cli/actor_critic_rules.ts';

const run = promisify(execFile);
const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');

const configs: [string, object, Partial<Record<string, Range>>][] = [
  ['train', defaultDqnConfig, dqnRanges],
  ['gan:atari', defaultGanConfig, ganRanges],
  ['train:cartpole dqn', defaultCartPoleDqnConfig, cartPoleDqnRanges],
  ['train:cartpole reinforce', defaultReinforceConfig, reinforceRanges],
  ['train:cartpole dqn-pixels', defaultPixelDqnConfig, pixelDqnRanges],
  ['train:control ppo (discrete)', ppoDiscreteDefaults, ppoRanges],
  ['train:control ppo (continuous)', ppoContinuousDefaults, ppoRanges],
  ['train --algo ppo', ppoAtariDefaults, ppoRanges],
  ['train:control a2c', a2cControlDefaults, a2cRanges],
  ['train --algo a2c', a2cAtariDefaults, a2cRanges],
  ['train:control ddpg', ddpgDefaults, ddpgRanges],
];

const refusal = (spec: FlagSpec<object>, argv: string[]): string => {
  try {
    parseFlags(argv, spec);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
};

describe('flag ranges', () => {
  for (const [command, defaults, ranges] of configs) {
    it(`${command}: every numeric flag has a range that holds its default and refuses what lies outside`, () => {
      const numeric = Object.entries(defaults).filter(([, v]) => typeof v === 'number').map(([k]) => k);
      expect(numeric.filter((k) => !ranges[k]), 'numeric flags without a range').toEqual([]);
      const spec = { defaults, ranges } as FlagSpec<object>;
      for (const k of numeric) {
        const r = ranges[k]!;
        const flag = k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
        expect(() => parseFlags([`--${flag}`, String((defaults as Record<string, number>)[k])], spec), flag).not.toThrow();
        const outside = [
          r.min !== undefined ? r.min - 1 : undefined, r.above, r.max !== undefined ? r.max + 1 : undefined, r.below,
          r.integer ? ((r.min ?? r.above ?? 0) + 1.5) : undefined,
        ].filter((v): v is number => v !== undefined);
        expect(outside.length, flag).toBeGreaterThan(0);
        for (const v of outside) expect(refusal(spec, [`--${flag}`, String(v)])).toBe(`--${flag} must be ${describeRange(r)}, got ${v}`);
      }
    });
  }

  it('the messages name the range in words', () => {
    const spec = { defaults: defaultDqnConfig, ranges: dqnRanges } as FlagSpec<object>;
    expect(refusal(spec, ['--learning-rate', '-1'])).toBe('--learning-rate must be a number > 0, got -1');
    expect(refusal(spec, ['--gamma=1.5'])).toBe('--gamma must be a number in [0, 1], got 1.5');
    expect(refusal(spec, ['--batch-size', '0'])).toBe('--batch-size must be an integer >= 1, got 0');
    expect(refusal(spec, ['--tau', '0'])).toBe('--tau must be a number in (0, 1], got 0');
    expect(refusal(spec, ['--exploration-fraction', '2'])).toBe('--exploration-fraction must be a number in [0, 1], got 2');
    expect(refusal(spec, ['--total-steps', '1e3.5'])).toBe("--total-steps must be a number, got '1e3.5'");
    expect(refusal({ defaults: defaultGanConfig, ranges: ganRanges } as FlagSpec<object>, ['--beta1', '1'])).toBe('--beta1 must be a number in [0, 1), got 1');
  });

  it('checks across flags: the buffer holds a batch, learning starts within the run', () => {
    const c = { ...defaultDqnConfig, bufferSize: 16, batchSize: 32 };
    expect(() => checkRelations({ relations: dqnRelations }, c)).toThrow('--buffer-size (16) must be at least --batch-size (32)');
    expect(() => checkRelations({ relations: dqnRelations }, { ...defaultDqnConfig, totalSteps: 1000 }))
      .toThrow('--learning-starts (80000) must be at most --total-steps (1000)');
    expect(() => checkRelations({ relations: dqnRelations }, defaultDqnConfig)).not.toThrow();
    expect(() => checkRelations({ relations: cartPoleRelations }, { ...defaultCartPoleDqnConfig, bufferSize: 64 }))
      .toThrow('--buffer-size (64) must be at least --batch-size (128)');
  });

  // Each command wires its ranges: one refused flag per command, through the real entry point.
  const cases: [string, string[], RegExp][] = [
    ['src/cli/train.ts', ['--learning-rate', '-1'], /^error: --learning-rate must be a number > 0, got -1\n/],
    ['src/cli/train.ts', ['--buffer-size', '16', '--batch-size', '32', '--total-steps', '100', '--learning-starts', '10'], /^error: --buffer-size \(16\) must be at least --batch-size \(32\)\n/],
    ['src/cli/train.ts', ['--total-steps', '1000'], /^error: --learning-starts \(80000\) must be at most --total-steps \(1000\)\n/],
    ['src/cli/gan.ts', ['--learning-rate', '0'], /^error: --learning-rate must be a number > 0, got 0\n/],
    ['src/cli/train_cartpole.ts', ['--algo', 'reinforce', '--gamma', '1.01'], /^error: --gamma must be a number in \[0, 1\], got 1.01\n/],
    ['src/cli/train_cartpole.ts', ['--algo', 'dqn', '--buffer-size', '10'], /^error: --buffer-size \(10\) must be at least --batch-size \(128\)\n/],
    ['src/cli/train_control.ts', ['--env', 'Pendulum-v1', '--algo', 'ppo', '--gae-lambda', '1.5'], /^error: --gae-lambda must be a number in \[0, 1\], got 1.5\n/],
    ['src/cli/train_control.ts', ['--env', 'Pendulum-v1', '--algo', 'ddpg', '--buffer-size', '10'], /^error: --buffer-size \(10\) must be at least --batch-size \(256\)\n/],
    ['src/cli/gan_sample.ts', ['--checkpoint', '.', '--n', '0'], /^error: --n must be an integer in \[1, 4096\], got 0\n/],
    ['scripts/bench-emu.ts', ['--frames', '-5'], /^error: --frames must be an integer >= 1, got -5\n/],
    ['scripts/bench-env.ts', ['--envs', '0'], /^error: --envs must be an integer >= 1, got 0\n/],
    ['scripts/bench-dqn.ts', ['--reps', '2.5'], /^error: --reps must be an integer >= 1, got 2.5\n/],
    ['scripts/bench-gan.ts', ['--iterations', '0'], /^error: --iterations must be an integer >= 1, got 0\n/],
    ['scripts/leak-check.ts', ['--cycles', '10'], /^error: --cycles must be an integer >= 100, got 10\n/],
  ];
  for (const [file, args, message] of cases) {
    it(`${path.basename(file)} ${args.join(' ')}: exit 2 with the range`, async () => {
      const r = await run(tsx, [file, ...args], { cwd: repoRoot }).then(() => ({ code: 0, stderr: '' }), (e) => e);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    });
  }
});
