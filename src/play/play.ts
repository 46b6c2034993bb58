// play(env) as gym.utils.play does it, in a web page: each tick steps the env with the action of
// the keys held (the noop when none, or an unknown combination), calls the callback with
// (obs_t, obs_tp1, action, reward, terminated, truncated, info), and resets after an episode ends.
import type { Env, Info, RgbFrame } from '../env/core.ts';
import type { Discrete } from '../env/spaces.ts';
import { actionFor, atariKeyMap, classicKeyMap, classicMeanings, describeKeyMap, makeKeyMap, type KeyMap } from './keys.ts';
import { PlayPlot, type PlayCallback } from './play_plot.ts';
import { PlaySession, type Source } from './session.ts';

export interface PlayOptions {
  /** Steps per second; default the env's renderFps for Atari (60 with frame skip 1), else 30. */
  fps?: number;
  /** Page pixels per frame pixel; default 3 for Atari-sized frames, 1 for larger ones. */
  zoom?: number;
  /** keys_to_action: a KeyMap, or { 'right+space': action }; default the env's own. */
  keysToAction?: KeyMap | Record<string, number>;
  /** Action when no key (or an unknown combination) is held; default the key map's. */
  noop?: number;
  seed?: number;
  /** Called after every step; a PlayPlot's callback also puts its charts on the page. */
  callback?: PlayCallback<unknown, number>;
  /** More live charts. */
  plots?: PlayPlot<unknown, number>[];
  host?: string;
  port?: number;
  title?: string;
  log?: (line: string) => void;
}

interface AtariLike {
  ale?: { lives(): number; getRAM(): Uint8Array };
  actionMeanings?(): string[];
  renderFps?: number;
}

/** The default keys_to_action of an env: ALE's conventions for Atari, arrows / A-D for classic control. */
export function defaultKeyMap(env: Env<unknown, number>): KeyMap | undefined {
  const u = env.unwrapped as unknown as AtariLike;
  if (u.actionMeanings) return atariKeyMap(u.actionMeanings());
  return classicKeyMap(envName(env));
}

/** The registered id, or for an env made without make() its class ('CartPoleEnv' -> 'CartPole-'). */
function envName(env: Env<unknown, number>): string {
  return env.spec?.id ?? env.unwrapped.constructor.name.replace(/Env$/, '-');
}

export class HumanSource implements Source {
  episode = 0;
  ret = 0;
  lastReturn: number | undefined;
  steps = 0;
  action: number;
  private obs: unknown;
  private needReset = true;
  private firstReset = true;
  private current?: RgbFrame;
  private info: Info = {};
  readonly meanings?: string[];

  constructor(
    readonly env: Env<unknown, number>,
    readonly keyMap: KeyMap,
    private readonly callback: PlayCallback<unknown, number> | undefined,
    private readonly plotList: PlayPlot<unknown, unknown>[],
    private readonly seed: number | undefined,
    private readonly title: string,
  ) {
    this.meanings = (env.unwrapped as unknown as AtariLike).actionMeanings?.() ?? classicMeanings(envName(env));
    this.action = keyMap.noop;
    this.doReset();
  }

  hello(): Record<string, unknown> {
    const f = this.current!;
    return {
      mode: 'play',
      title: this.title,
      width: f.width,
      height: f.height,
      actions: this.meanings ?? Array.from({ length: (this.env.actionSpace as Discrete).n }, (_, i) => String(i)),
      keys: [...this.keyMap.relevant],
      keyHelp: describeKeyMap(this.keyMap, this.meanings),
      noop: this.keyMap.noop,
      hasLives: this.lives() !== undefined,
    };
  }

  private lives(): number | undefined {
    const l = this.info.lives;
    return typeof l === 'number' ? l : undefined;
  }

  private doReset(): void {
    const r = this.env.reset(this.firstReset && this.seed !== undefined ? { seed: this.seed } : {});
    this.firstReset = false;
    this.obs = r.observation;
    this.info = r.info;
    this.needReset = false;
    this.episode++;
    this.ret = 0;
    this.steps = 0;
    this.current = this.env.render();
  }

  tick(keys: ReadonlySet<string>): number | null | undefined {
    if (this.needReset) {
      this.doReset();
      return null;
    }
    const action = actionFor(this.keyMap, keys);
    this.action = action;
    const r = this.env.step(action);
    this.callback?.(this.obs, r.observation, action, r.reward, r.terminated, r.truncated, r.info);
    for (const p of this.plotList) if (p.callback !== this.callback) p.callback(this.obs, r.observation, action, r.reward, r.terminated, r.truncated, r.info);
    this.obs = r.observation;
    this.info = r.info;
    this.ret += r.reward;
    this.steps++;
    if (r.terminated || r.truncated) {
      this.needReset = true;
      this.lastReturn = this.ret;
    }
    this.current = this.env.render();
    return r.reward;
  }

  pending(): number {
    return 0;
  }

  frame(): RgbFrame | undefined {
    return this.current;
  }

  status(): Record<string, unknown> {
    return {
      episode: this.episode,
      ret: this.ret,
      lastReturn: this.lastReturn,
      lives: this.lives(),
      steps: this.steps,
      action: this.action,
      actionName: this.meanings?.[this.action] ?? String(this.action),
    };
  }

  plots(): readonly PlayPlot<unknown, unknown>[] {
    return this.plotList;
  }

  reset(): void {
    if (this.steps > 0 && !this.needReset) this.lastReturn = this.ret;
    this.doReset();
  }

  close(): void {
    this.env.close();
  }
}

/** Starts the page for env and resolves once it listens; session.url is its address. */
export async function play(anyEnv: Env<unknown, unknown>, o: PlayOptions = {}): Promise<PlaySession> {
  const env = anyEnv as Env<unknown, number>;
  const n = (env.actionSpace as Discrete).n;
  if (!Number.isInteger(n)) throw new Error('play needs an env with a Discrete action space');
  let map = o.keysToAction === undefined ? defaultKeyMap(env)
    : 'table' in o.keysToAction ? (o.keysToAction as KeyMap)
    : makeKeyMap(Object.entries(o.keysToAction as Record<string, number>), 0);
  if (!map) throw new Error(`no default keys_to_action for ${env.spec?.id ?? env.constructor.name}; pass keysToAction`);
  for (const a of map.table.values()) if (!(Number.isInteger(a) && a >= 0 && a < n)) throw new RangeError(`keysToAction maps to action ${a}, outside Discrete(${n})`);
  if (o.noop !== undefined) {
    if (!(Number.isInteger(o.noop) && o.noop >= 0 && o.noop < n)) throw new RangeError(`noop must be an action from 0 to ${n - 1}, got ${o.noop}`);
    map = { ...map, noop: o.noop };
  }
  const plots = [...(o.plots ?? [])];
  const fromCallback = PlayPlot.of(o.callback);
  if (fromCallback && !plots.includes(fromCallback as PlayPlot<unknown, number>)) plots.unshift(fromCallback as PlayPlot<unknown, number>);
  const u = env.unwrapped as unknown as AtariLike;
  const fps = o.fps ?? (u.ale ? (u.renderFps ?? 60) : 30);
  const source = new HumanSource(env, map, o.callback, plots as PlayPlot<unknown, unknown>[], o.seed, o.title ?? env.spec?.id ?? (env.unwrapped as unknown as { game?: string }).game ?? env.unwrapped.constructor.name);
  const f = source.frame()!;
  const zoom = o.zoom ?? (f.width <= 320 ? 3 : 1);
  return new PlaySession(source, { fps, zoom, host: o.host, port: o.port, log: o.log }).start();
}
