// Watching a trained DQN play: the agent acts through the DeepMind wrappers it learnt on, every
// emulated frame goes to the page at the console's 60 per second (a FrameTap sits right above
// the frameskip-1 emulator), and each decision's Q-values and 84x84 stack go with them. Held keys
// take over from the agent. The network runs here, or in the page itself (inBrowser).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as tfTypes from '@tensorflow/tfjs';

import { findDqnCheckpoint } from '../agents/dqn_policy.ts';
import { AtariEnv } from '../env/atari.ts';
import type { Env, RgbFrame } from '../env/core.ts';
import { Rng } from '../env/rng.ts';
import { wrapDeepMind } from '../wrappers/atari_wrappers.ts';
import { FrameTap } from '../wrappers/frame_tap.ts';
import type { LazyFrames } from '../wrappers/lazy_frames.ts';
import { actionFor, atariKeyMap, describeKeyMap, type KeyMap } from './keys.ts';
import type { PlayPlot } from './play_plot.ts';
import { encodeStack, PlaySession, type Source, type Stack } from './session.ts';
import type { StaticFile } from './server.ts';

export interface WatchOptions {
  /** A run directory (its latest complete checkpoint) or one checkpoint directory. */
  checkpoint: string;
  /** Default: the game of the run's config.json. */
  game?: string;
  /** Chance of a random action per decision; default 0.05 (as render and evaluation use). */
  epsilon?: number;
  seed?: number;
  /** TensorFlow.js backend in Node ('auto', 'wasm', 'cpu', ...). */
  backend?: string;
  /** Run the network in the page with TensorFlow.js instead of in Node. */
  inBrowser?: boolean;
  /** Sticky actions of the emulator; default 0 (the NoFrameskip-v4 settings agents learn on). */
  repeatActionProbability?: number;
  mode?: number;
  difficulty?: number;
  /** Keys for taking over: a KeyMap, or one made from the game's action meanings; default ALE's. */
  keysToAction?: KeyMap | ((meanings: string[]) => KeyMap);
  plots?: (env: AtariEnv) => PlayPlot<unknown, number>[];
  fps?: number;
  zoom?: number;
  host?: string;
  port?: number;
  log?: (line: string) => void;
}

interface Queued {
  frame: RgbFrame;
  reward: number;
  gameOver: boolean;
}

type Decider = { kind: 'node'; q(obs: Uint8Array): Float32Array } | { kind: 'browser' };

export class AgentSource implements Source {
  readonly atari: AtariEnv;
  readonly env: Env<LazyFrames, number>;
  readonly meanings: string[];
  readonly keyMap: KeyMap;
  /** Charts fed once per emulated frame. */
  readonly plotList: PlayPlot<unknown, unknown>[] = [];
  episode = 0;
  ret = 0;
  lastReturn: number | undefined;
  decisions = 0;
  /** The page keeps control (noop when no key is held) instead of handing back to the agent. */
  manual = false;
  private queue: Queued[] = [];
  private current?: RgbFrame;
  private obs!: LazyFrames;
  private stackChanged = false;
  private needReset = true;
  private rng: Rng;
  private last: { q?: number[]; action: number; greedy?: number; random: boolean; human: boolean } = { action: 0, random: false, human: false };
  private send: (data: string | Uint8Array, droppable?: boolean) => void = () => {};
  private waiting?: { id: number };
  private answer?: { id: number; action: number; q: number[] };
  private nextId = 1;

  constructor(
    readonly game: string,
    private readonly decider: Decider,
    keyMap: KeyMap | ((meanings: string[]) => KeyMap) | undefined,
    readonly epsilon: number,
    private readonly seed: number,
    atariOptions: { repeatActionProbability?: number; mode?: number; difficulty?: number },
    readonly nActions: number,
  ) {
    this.atari = new AtariEnv({ game, obsType: 'none', frameskip: 1, repeatActionProbability: atariOptions.repeatActionProbability ?? 0,
      mode: atariOptions.mode, difficulty: atariOptions.difficulty, maxNumFramesPerEpisode: 108_000 });
    this.meanings = this.atari.actionMeanings();
    this.keyMap = typeof keyMap === 'function' ? keyMap(this.meanings) : keyMap ?? atariKeyMap(this.meanings);
    if (nActions !== this.meanings.length)
      throw new Error(`the checkpoint's network has ${nActions} actions but ${game} has ${this.meanings.length}; pass --game with the game it learnt`);
    const tap = new FrameTap(this.atari as Env<Uint8Array, number>, (frame, ev) => {
      this.queue.push({ frame, reward: ev.reward, gameOver: false });
    });
    // Raw rewards: the page shows the game's score, not the clipped learning signal.
    this.env = wrapDeepMind(tap, { clipRewards: false });
    this.rng = new Rng(seed);
  }

  attach(send: (data: string | Uint8Array, droppable?: boolean) => void): void {
    this.send = send;
  }

  hello(): Record<string, unknown> {
    // A page that opens while the agent waits for an answer gets the question again.
    if (this.waiting) setImmediate(() => this.ask());
    return {
      mode: 'agent',
      title: `${this.game} (DQN)`,
      width: 160,
      height: this.atari.ale.height,
      actions: this.meanings,
      keys: [...this.keyMap.relevant],
      keyHelp: describeKeyMap(this.keyMap, this.meanings),
      noop: this.keyMap.noop,
      hasLives: true,
      agent: { inBrowser: this.decider.kind === 'browser', epsilon: this.epsilon, model: this.decider.kind === 'browser' ? '/model/model.json' : undefined },
      manual: this.manual,
    };
  }

  private startEpisode(): void {
    this.obs = this.env.reset({ seed: this.seed + this.episode }).observation;
    this.episode++;
    this.ret = 0;
    this.needReset = false;
    this.stackChanged = true;
  }

  /** One agent step (or the reset after a game over); its frames join the queue. */
  private decide(keys: ReadonlySet<string>): boolean {
    if (this.needReset) {
      this.startEpisode();
      return true;
    }
    const pressed = [...keys].some((k) => this.keyMap.relevant.has(k));
    const human = this.manual || pressed;
    let action: number;
    let q: number[] | undefined;
    let random = false;
    if (this.decider.kind === 'node') {
      q = Array.from(this.decider.q(this.obs.toArray()));
    } else if (!human) {
      // The page's network decides: ask once, then wait for its answer.
      if (!this.answer) {
        if (!this.waiting) {
          this.waiting = { id: this.nextId++ };
          this.ask();
        }
        return false;
      }
      q = this.answer.q;
    }
    const greedy = q ? argmax(q) : undefined;
    if (human) action = actionFor(this.keyMap, keys);
    else if (this.rng.random() < this.epsilon) {
      action = this.rng.integers(0, this.nActions);
      random = true;
    } else action = this.decider.kind === 'browser' ? this.answer!.action : greedy!;
    this.answer = undefined;
    this.waiting = undefined;
    this.last = { q, action, greedy, random, human };
    this.decisions++;
    const r = this.env.step(action);
    this.obs = r.observation;
    this.stackChanged = true;
    if ('episode' in r.info) {
      this.needReset = true;
      if (this.queue.length) this.queue[this.queue.length - 1].gameOver = true;
    } else if (r.terminated || r.truncated) {
      // A life was lost: the game goes on (FireReset serves the next ball).
      this.obs = this.env.reset().observation;
    }
    return true;
  }

  private ask(): void {
    if (!this.waiting) return;
    this.send(encodeStack({ data: this.obs.toArray(), k: this.obs.length, size: 84 }, 3));
    this.send(JSON.stringify({ type: 'decide', id: this.waiting.id }));
  }

  tick(keys: ReadonlySet<string>): number | null | undefined {
    if (this.queue.length === 0 && !this.decide(keys)) return undefined;
    const f = this.queue.shift();
    if (!f) return null;
    this.current = f.frame;
    this.ret += f.reward;
    const info = { lives: this.atari.ale.lives() };
    for (const p of this.plotList) p.callback(undefined, undefined, this.last.action, f.reward, f.gameOver, false, info);
    if (f.gameOver) this.lastReturn = this.ret;
    return f.reward;
  }

  pending(): number {
    return this.queue.length;
  }

  frame(): RgbFrame | undefined {
    return this.current;
  }

  takeStack(): Stack | undefined {
    if (!this.stackChanged || !this.obs) return undefined;
    this.stackChanged = false;
    return { data: this.obs.toArray(), k: this.obs.length, size: 84 };
  }

  status(): Record<string, unknown> {
    return {
      episode: this.episode,
      ret: this.ret,
      lastReturn: this.lastReturn,
      lives: this.atari.ale.lives(),
      steps: this.decisions,
      action: this.last.action,
      actionName: this.meanings[this.last.action],
      q: this.last.q,
      greedy: this.last.greedy,
      random: this.last.random,
      human: this.last.human,
      manual: this.manual,
      waiting: this.waiting !== undefined,
    };
  }

  plots(): readonly PlayPlot<unknown, unknown>[] {
    return this.plotList;
  }

  reset(): void {
    if (this.ret !== 0 || this.decisions > 0) this.lastReturn = this.ret;
    this.queue.length = 0;
    this.waiting = undefined;
    this.answer = undefined;
    this.startEpisode();
    const f = this.queue[this.queue.length - 1];
    this.queue.length = 0;
    if (f) this.current = f.frame;
  }

  onMessage(m: Record<string, unknown>): void {
    if (m.type === 'manual') {
      this.manual = Boolean(m.on);
      this.send(JSON.stringify({ type: 'state', ...this.status() }));
      return;
    }
    if (m.type === 'act') {
      if (this.decider.kind !== 'browser') throw new Error('act messages are for an agent that runs in the page');
      const q = m.q;
      if (!this.waiting || m.id !== this.waiting.id) return; // a stale or second answer
      if (!(Number.isInteger(m.action) && (m.action as number) >= 0 && (m.action as number) < this.nActions))
        throw new Error(`act.action must be an action from 0 to ${this.nActions - 1}`);
      if (!Array.isArray(q) || q.length !== this.nActions || !q.every((v) => typeof v === 'number'))
        throw new Error(`act.q must hold ${this.nActions} numbers`);
      this.answer = { id: this.waiting.id, action: m.action as number, q: q as number[] };
      return;
    }
    throw new Error(`unknown message type ${JSON.stringify(m.type)}`);
  }

  close(): void {
    this.env.close();
  }
}

function argmax(v: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < v.length; ++i) if (v[i] > v[best]) best = i;
  return best;
}

/** Loads the checkpoint and starts the page; session.url is its address. */
export async function watchAgent(o: WatchOptions): Promise<PlaySession> {
  const { ckpt, trainedGame } = findDqnCheckpoint(o.checkpoint);
  const game = o.game ?? trainedGame;
  if (!game) throw new Error(`${o.checkpoint} has no config.json naming its game; pass --game`);
  if (trainedGame && trainedGame !== game) throw new Error(`${o.checkpoint} is an agent for ${trainedGame}, not ${game}; pass --game ${trainedGame}`);
  const onlineDir = path.join(ckpt, 'online');
  const epsilon = o.epsilon ?? 0.05;
  if (!(epsilon >= 0 && epsilon <= 1)) throw new RangeError(`epsilon must be from 0 to 1, got ${epsilon}`);
  let decider: Decider;
  let nActions: number;
  const extraFiles = new Map<string, StaticFile>();
  if (o.inBrowser) {
    const json = JSON.parse(fs.readFileSync(path.join(onlineDir, 'model.json'), 'utf8'));
    nActions = outputUnits(json);
    decider = { kind: 'browser' };
    const tfDir = path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs/package.json'));
    extraFiles.set('/vendor/tf.min.js', { file: path.join(tfDir, 'dist', 'tf.min.js'), type: 'text/javascript; charset=utf-8' });
    extraFiles.set('/model/model.json', { file: path.join(onlineDir, 'model.json'), type: 'application/json' });
    extraFiles.set('/model/weights.bin', { file: path.join(onlineDir, 'weights.bin'), type: 'application/octet-stream' });
  } else {
    const tf: typeof tfTypes = await import('@tensorflow/tfjs');
    const { selectBackend } = await import('../tf/backend.ts');
    const { loadModel } = await import('../agents/model_io.ts');
    const info = await selectBackend(o.backend ?? 'auto', { syncReads: true });
    o.log?.(`play: ${info.description}`);
    const model = await loadModel(onlineDir);
    nActions = model.outputs[0].shape[1] as number;
    const shape = [1, ...(model.inputs[0].shape.slice(1) as number[])];
    decider = { kind: 'node', q: (obs) => tf.tidy(() => (model.predict(tf.tensor(obs, shape, 'float32')) as tfTypes.Tensor).dataSync() as Float32Array) };
  }
  const source = new AgentSource(game, decider, o.keysToAction, epsilon, o.seed ?? 0, o, nActions);
  source.plotList.push(...((o.plots?.(source.atari) ?? []) as PlayPlot<unknown, unknown>[]));
  return new PlaySession(source, { fps: o.fps ?? 60, zoom: o.zoom ?? 3, host: o.host, port: o.port, extraFiles, allowEval: o.inBrowser, log: o.log }).start();
}

/** The number of Q-values a saved layers model outputs: the units of its last Dense layer (the advantage head when dueling). */
type LayerJson = { class_name: string; config: { units?: number } };
function outputUnits(json: { modelTopology?: { config?: { layers?: LayerJson[] }; model_config?: { config?: { layers?: LayerJson[] } } } }): number {
  const t = json.modelTopology;
  const layers = t?.config?.layers ?? t?.model_config?.config?.layers ?? [];
  for (let i = layers.length - 1; i >= 0; --i) if (layers[i].class_name === 'Dense' && layers[i].config.units) return layers[i].config.units!;
  throw new Error('cannot tell the number of actions from model.json (no Dense layer): is this a DQN checkpoint?');
}
