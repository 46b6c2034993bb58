// keys_to_action as in gym.utils.play: a table from the set of held keys to an action, with a
// noop for no key (or an unknown combination). Keys are named the way the page names them:
// 'up' 'down' 'left' 'right' 'space', single characters ('a', '1'), and other key names in
// lower case ('enter', 'shift'). A combination is its keys sorted and joined with '+'.
import fs from 'node:fs';

export interface KeyMap {
  /** Combination ('right+space') -> action index in the env's action space. */
  readonly table: ReadonlyMap<string, number>;
  /** Every key that appears in some combination; other keys are ignored, as gym's play does. */
  readonly relevant: ReadonlySet<string>;
  readonly noop: number;
}

const NAME = /^(?:[a-z0-9]|[!-/:-@[-`{-~]|up|down|left|right|space|enter|tab|shift|control|alt|meta|backspace|escape|f\d{1,2}|home|end|pageup|pagedown|insert|delete)$/;

export function isKeyName(name: string): boolean {
  return NAME.test(name);
}

export function combo(keys: Iterable<string>): string {
  return [...new Set(keys)].sort().join('+');
}

export function makeKeyMap(entries: Iterable<[string, number]>, noop: number): KeyMap {
  const table = new Map<string, number>();
  const relevant = new Set<string>();
  for (const [c, action] of entries) {
    const keys = c.split('+');
    for (const k of keys) relevant.add(k);
    table.set(combo(keys), action);
  }
  return { table, relevant, noop };
}

/** The action for the keys held now: the table's entry for exactly the relevant keys held, else noop. */
export function actionFor(map: KeyMap, held: Iterable<string>): number {
  const keys = [...held].filter((k) => map.relevant.has(k));
  if (keys.length === 0) return map.noop;
  return map.table.get(combo(keys)) ?? map.noop;
}

// ALE's convention: each action's meaning is a combination of UP / DOWN / LEFT / RIGHT / FIRE.
// Arrows and WASD both steer; space is FIRE.
const DIRECTION_KEYS: Record<string, string[]> = { UP: ['up', 'w'], DOWN: ['down', 's'], LEFT: ['left', 'a'], RIGHT: ['right', 'd'] };

function meaningParts(meaning: string): string[] {
  const parts: string[] = [];
  for (const d of ['UP', 'DOWN', 'LEFT', 'RIGHT']) if (meaning.includes(d)) parts.push(d);
  if (meaning.includes('FIRE')) parts.push('FIRE');
  return parts;
}

/** keys_to_action for an Atari action set given by its meanings ('NOOP', 'UPRIGHTFIRE', ...). */
export function atariKeyMap(meanings: readonly string[]): KeyMap {
  const entries: [string, number][] = [];
  meanings.forEach((m, action) => {
    const parts = meaningParts(m);
    if (parts.length === 0) return; // NOOP: what no key gives
    // Every way of spelling the combination: arrows or WASD for each direction.
    let spellings: string[][] = [[]];
    for (const p of parts) {
      const choices = p === 'FIRE' ? ['space'] : DIRECTION_KEYS[p];
      spellings = spellings.flatMap((s) => choices.map((c) => [...s, c]));
    }
    for (const s of spellings) entries.push([combo(s), action]);
  });
  const noop = meanings.indexOf('NOOP');
  return makeKeyMap(entries, noop >= 0 ? noop : 0);
}

/** Defaults for the classic-control envs; noop as gym's play uses it (action 0 unless given). */
export function classicKeyMap(envId: string): KeyMap | undefined {
  if (envId.startsWith('CartPole')) return makeKeyMap([['left', 0], ['a', 0], ['right', 1], ['d', 1]], 0);
  // MountainCar: 0 push left, 1 no push, 2 push right.
  if (envId.startsWith('MountainCar-')) return makeKeyMap([['left', 0], ['a', 0], ['right', 2], ['d', 2]], 1);
  return undefined;
}

/** Names for the classic-control actions, for the page (Gymnasium's docs' wording). */
export function classicMeanings(envId: string): string[] | undefined {
  if (envId.startsWith('CartPole')) return ['push left', 'push right'];
  if (envId.startsWith('MountainCar-')) return ['accelerate left', "don't accelerate", 'accelerate right'];
  return undefined;
}

export class KeyMapError extends Error {}

/**
 * A keys_to_action JSON file: { "COMBO": ACTION, ... } with COMBO like "right+space" and ACTION an
 * index into the action space or (Atari) a meaning such as "RIGHTFIRE".
 */
export function parseKeyMapJson(text: string, source: string, meanings: readonly string[] | undefined, nActions: number, noop: number): KeyMap {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new KeyMapError(`${source} is not valid JSON (${(e as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new KeyMapError(`${source} must hold one JSON object of key combinations to actions, e.g. {"left": 0, "right+space": 1}`);
  const entries: [string, number][] = [];
  for (const [c, value] of Object.entries(json)) {
    const keys = c.toLowerCase().split('+').map((k) => k.trim());
    const bad = keys.find((k) => !isKeyName(k));
    if (bad !== undefined)
      throw new KeyMapError(`${source}: '${c}' has an unknown key name '${bad}' (use letters, digits, up, down, left, right, space, enter, ... joined with '+')`);
    let action: number;
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < nActions) action = value;
    else if (typeof value === 'string' && meanings?.includes(value.toUpperCase())) action = meanings.indexOf(value.toUpperCase());
    else
      throw new KeyMapError(
        `${source}: '${c}' maps to ${JSON.stringify(value)}, which is not an action of this env ` +
          `(an integer from 0 to ${nActions - 1}${meanings ? ` or one of ${meanings.join(', ')}` : ''})`,
      );
    entries.push([combo(keys), action]);
  }
  if (entries.length === 0) throw new KeyMapError(`${source} maps no keys`);
  return makeKeyMap(entries, noop);
}

export function loadKeyMapFile(file: string, meanings: readonly string[] | undefined, nActions: number, noop: number): KeyMap {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new KeyMapError(`cannot read the keys file ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseKeyMapJson(text, file, meanings, nActions, noop);
}

/** One line per action for the page's help: "right / d: RIGHT". */
export function describeKeyMap(map: KeyMap, meanings: readonly string[] | undefined): { keys: string; action: string }[] {
  const byAction = new Map<number, string[]>();
  for (const [c, a] of map.table) {
    if (!byAction.has(a)) byAction.set(a, []);
    byAction.get(a)!.push(c);
  }
  return [...byAction.entries()]
    .sort((x, y) => x[0] - y[0])
    .map(([a, combos]) => ({ keys: combos.slice(0, 2).join(' / '), action: meanings?.[a] ?? String(a) }));
}
