// The supported games as data: id, ROM md5, action set with meanings, starting actions, modes,
// difficulties, and the lives ALE reports right after a reset (read from the emulator, so only
// where the game's ROM is found).
import { ACTION_MEANINGS, ALE } from './ale.ts';
import { RomError } from './roms.ts';
import { native } from '../native.ts';

export interface GameInfo {
  id: string;
  md5: string;
  actions: { id: number; meaning: string }[]; // the minimal action set, in ALE's order
  startingActions: number[];
  modes: number[];
  defaultMode: number;
  difficulties: number[];
  /** lives() after a reset with the default mode and difficulty; null when the ROM was not found. */
  livesAtStart: number | null;
}

interface NativeRow {
  id: string;
  md5: string;
  minimalActions: number[];
  startingActions: number[];
  modes: number[];
  defaultMode: number;
  difficulties: number[];
}

function livesAtStart(id: string): number | null {
  let ale: ALE | undefined;
  try {
    ale = new ALE(id);
    ale.reset();
    return ale.lives();
  } catch (e) {
    if (e instanceof RomError) return null;
    throw e;
  } finally {
    ale?.close();
  }
}

/** Every supported game, sorted by id. `lives: false` skips starting each game's emulator. */
export function listGames(o: { lives?: boolean } = {}): GameInfo[] {
  return (native().listGames() as NativeRow[])
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((g) => ({
      id: g.id,
      md5: g.md5,
      actions: g.minimalActions.map((a) => ({ id: a, meaning: ACTION_MEANINGS[a] })),
      startingActions: g.startingActions,
      modes: g.modes,
      defaultMode: g.defaultMode,
      difficulties: g.difficulties,
      livesAtStart: o.lives === false ? null : livesAtStart(g.id),
    }));
}
