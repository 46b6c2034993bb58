// The progress bar's rate: steps over the last window and the mean of this process, on a clock the
// test drives, so the figures are exact. A resumed run counts only the steps it did itself.
import { describe, expect, it } from 'vitest';
import { ProgressBar } from '../src/logging/progress.ts';

function bar(total: number, start: number, o: { windowSeconds?: number; intervalSeconds?: number } = {}) {
  let now = 1_000_000;
  const lines: string[] = [];
  const stream = { write: (s: string) => { lines.push(s); return true; }, isTTY: false };
  const b = new ProgressBar(total, start, { stream: stream as never, unit: 'steps', now: () => now, intervalSeconds: 10, ...o });
  /** Advance the clock by `seconds` at `rate` steps per second, ticking every 100 ms. */
  let done = start;
  const run = (seconds: number, rate: number) => {
    for (let i = 0; i < seconds * 10; ++i) {
      now += 100;
      done += rate / 10;
      b.tick(done);
    }
  };
  return { b, lines, run };
}

const rateOf = (line: string) => /([\d.-]+|-) steps\/s \(mean ([\d.-]+|-)\)/.exec(line)!.slice(1, 3);

describe('progress bar rate', () => {
  it('shows the rate over the last 30 s and the mean since the start, from the first line on', () => {
    const { b, run } = bar(1_000_000, 0);
    run(5, 200);
    expect(b.recentRate()).toBeCloseTo(200, 6); // not a decaying average that starts elsewhere
    expect(b.meanRate()).toBeCloseTo(200, 6);
    run(60, 200);
    run(45, 50); // the machine got slower: the recent rate says so once the window has passed
    expect(b.recentRate()).toBeCloseTo(50, 6);
    expect(b.meanRate()).toBeCloseTo((65 * 200 + 45 * 50) / 110, 6);
    expect(rateOf(b.line())).toEqual(['50.0', '139']);
    // ETA from the recent rate: (1,000,000 - 15,250) / 50 s.
    expect(b.line()).toMatch(/ETA 5:28:15$/);
  });

  it('after a resume counts only the steps of this process', () => {
    const { b, lines, run } = bar(10_000, 3000);
    expect(rateOf(b.line())).toEqual(['-', '-']); // nothing done yet
    run(20, 40);
    expect(b.recentRate()).toBeCloseTo(40, 6);
    expect(b.meanRate()).toBeCloseTo(40, 6);
    expect(lines[0]).toMatch(/^\[#{7}-{17}\] 3004\/10000 30\.0% - steps\/s \(mean -\) ETA --:--\n$/);
    expect(lines[1]).toMatch(/^\[#{8}-{16}\] 3404\/10000 34\.0% 40\.0 steps\/s \(mean 40\.0\) ETA 2:45\n$/);
    b.finish();
    expect(lines[lines.length - 1]).toMatch(/^done: 3800\/10000 in 0:20 \(40\.0 steps\/s\)\n$/);
  });

  it('shows no rate until a second has passed, rather than one from a few milliseconds', () => {
    const { b, run } = bar(100, 0);
    run(0.5, 100);
    expect(rateOf(b.line())).toEqual(['-', '-']);
    run(0.5, 100);
    expect(rateOf(b.line())).toEqual(['100', '100']);
  });
});
