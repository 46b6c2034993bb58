// The --plot presets: reward, return, lives, action and ram:ADDR, as one PlayPlot.
import { PlayPlot } from './play_plot.ts';

export class PlotSpecError extends Error {}

export interface PlotSpec {
  name: string;
  kind: 'reward' | 'return' | 'lives' | 'action' | 'ram';
  /** ram: index into getRAM() (0..127). */
  index?: number;
}

const KINDS = ['reward', 'return', 'lives', 'action'] as const;

/**
 * "reward,return,ram:0x80": RAM is given by the console address ($80-$FF, as 0x80..0xff or 128..255)
 * or by its index in getRAM() (0..127).
 */
export function parsePlotSpecs(text: string, atari: boolean): PlotSpec[] {
  const specs: PlotSpec[] = [];
  for (const raw of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const lower = raw.toLowerCase();
    if ((KINDS as readonly string[]).includes(lower)) {
      if (lower === 'lives' && !atari) throw new PlotSpecError("--plot lives needs an Atari game (this env has no lives)");
      specs.push({ name: lower, kind: lower as PlotSpec['kind'] });
      continue;
    }
    const m = /^ram:(0x[0-9a-f]+|\d+)$/.exec(lower);
    if (!m) throw new PlotSpecError(`--plot: unknown value '${raw}'; choose from reward, return, lives, action, ram:ADDR (e.g. ram:0x80)`);
    if (!atari) throw new PlotSpecError(`--plot ${raw} needs an Atari game (this env has no RAM)`);
    const n = Number(m[1]);
    const index = n >= 0x80 && n <= 0xff ? n - 0x80 : n;
    if (!(index >= 0 && index < 128))
      throw new PlotSpecError(`--plot ${raw}: RAM is at addresses 0x80 to 0xff (or indices 0 to 127)`);
    specs.push({ name: `ram[0x${(index + 0x80).toString(16)}]`, kind: 'ram', index });
  }
  if (specs.length === 0) throw new PlotSpecError('--plot needs at least one value, e.g. --plot reward,return');
  return specs;
}

/** One PlayPlot for the specs; `ram` reads the console's RAM after the step. */
export function presetPlot(specs: PlotSpec[], horizon: number, ram?: () => Uint8Array): PlayPlot<unknown, number> {
  let ret = 0;
  let ended = false;
  return new PlayPlot<unknown, number>(
    (_obsT, _obsTp1, action, reward, terminated, truncated, info) => {
      if (ended) ret = 0;
      ret += reward;
      ended = terminated || truncated;
      const mem = specs.some((s) => s.kind === 'ram') ? ram?.() : undefined;
      return specs.map((s) => {
        switch (s.kind) {
          case 'reward': return reward;
          case 'return': return ret;
          case 'lives': return Number(info.lives ?? NaN);
          case 'action': return action;
          case 'ram': return mem ? mem[s.index!] : NaN;
        }
      });
    },
    horizon,
    specs.map((s) => s.name),
  );
}
