// npm run play's server without a browser: the key tables, PlayPlot, what the HTTP side serves and
// refuses, the WebSocket's origin check and message cap, dead clients, and the CLI's start, URL,
// Ctrl-C and bad-input messages.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import './paths.ts';
import { repoRoot } from '../src/native.ts';
import { ACTION_MEANINGS } from '../src/env/ale.ts';
import { AtariEnv } from '../src/env/atari.ts';
import { make } from '../src/index.ts';
import { actionFor, atariKeyMap, KeyMapError, parseKeyMapJson } from '../src/play/keys.ts';
import { play } from '../src/play/play.ts';
import { PlayPlot } from '../src/play/play_plot.ts';
import { parsePlotSpecs, PlotSpecError } from '../src/play/presets.ts';
import type { PlaySession } from '../src/play/session.ts';

function get(url: string, reqPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    // path is sent as given (no normalisation), as an attacker's client would.
    const req = http.request({ host: u.hostname, port: u.port, path: reqPath, method, headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(session: PlaySession, origin: string | null = session.url.replace(/\/$/, '')): Promise<{ ws: WebSocket; messages: unknown[] }> {
  const ws = new WebSocket(session.url.replace('http', 'ws') + 'ws', origin ? { origin } : {});
  const messages: unknown[] = [];
  ws.on('message', (d, bin) => messages.push(bin ? d : JSON.parse(d.toString())));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, messages }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

async function until<T>(what: string, f: () => T | undefined | false, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('keys_to_action', () => {
  it("maps ALE's key combinations onto a game's minimal set, and everything else to NOOP", () => {
    const meanings = new AtariEnv({ game: 'breakout', obsType: 'none' }).actionMeanings();
    expect(meanings).toEqual(['NOOP', 'FIRE', 'RIGHT', 'LEFT']);
    const map = atariKeyMap(meanings);
    expect(actionFor(map, [])).toBe(0);
    expect(actionFor(map, ['space'])).toBe(1);
    expect(actionFor(map, ['right'])).toBe(2);
    expect(actionFor(map, ['d'])).toBe(2);
    expect(actionFor(map, ['left'])).toBe(3);
    expect(actionFor(map, ['left', 'x'])).toBe(3); // keys outside the table are ignored, as in gym
    expect(actionFor(map, ['right', 'space'])).toBe(0); // RIGHTFIRE is not in Breakout's set
    expect(actionFor(map, ['up'])).toBe(0);
  });

  it('covers all 18 actions with the full action space, combinations in any order and spelling', () => {
    const map = atariKeyMap(ACTION_MEANINGS);
    const seen = new Set<number>();
    for (const keys of [[], ['space'], ['up'], ['right'], ['left'], ['down'], ['up', 'right'], ['left', 'up'], ['down', 'right'], ['down', 'left'],
      ['up', 'space'], ['space', 'right'], ['left', 'space'], ['down', 'space'], ['w', 'd', 'space'], ['up', 'a', 'space'], ['s', 'right', 'space'], ['down', 'left', 'space']]) {
      const a = actionFor(map, keys);
      seen.add(a);
    }
    expect(seen.size).toBe(18);
    expect(ACTION_MEANINGS[actionFor(map, ['space', 'right', 'up'])]).toBe('UPRIGHTFIRE');
    expect(ACTION_MEANINGS[actionFor(map, ['s', 'a'])]).toBe('DOWNLEFT');
  });

  it('reads a JSON file of combinations to action indices or meanings, and names what is wrong', () => {
    const meanings = ['NOOP', 'FIRE', 'RIGHT', 'LEFT'];
    const map = parseKeyMapJson('{"j": "LEFT", "L": 2, "k+j": "fire"}', 'k.json', meanings, 4, 0);
    expect(actionFor(map, ['j'])).toBe(3);
    expect(actionFor(map, ['l'])).toBe(2);
    expect(actionFor(map, ['j', 'k'])).toBe(1);
    expect(actionFor(map, ['right'])).toBe(0);
    expect(() => parseKeyMapJson('{"j": 9}', 'k.json', meanings, 4, 0)).toThrow(/'j' maps to 9, which is not an action of this env \(an integer from 0 to 3 or one of NOOP, FIRE, RIGHT, LEFT\)/);
    expect(() => parseKeyMapJson('{"ctrl+q": 1}', 'k.json', meanings, 4, 0)).toThrow(/unknown key name 'ctrl'/);
    expect(() => parseKeyMapJson('[1]', 'k.json', meanings, 4, 0)).toThrow(KeyMapError);
    expect(() => parseKeyMapJson('{"a": 1', 'k.json', meanings, 4, 0)).toThrow(/k.json is not valid JSON/);
  });
});

describe('PlayPlot and the --plot presets', () => {
  it('keeps the points of each step for the page and checks the callback against the names', () => {
    const p = new PlayPlot((_o, _n, action, reward) => [reward, action], 3, ['reward', 'action']);
    for (let i = 0; i < 5; ++i) p.callback(null, null, i, i * 10, false, false, {});
    // Only the horizon is kept while no page reads it.
    expect(p.drain()).toEqual({ t0: 2, rows: [[20, 2], [30, 3], [40, 4]] });
    p.callback(null, null, 7, 1, false, false, {});
    expect(p.drain()).toEqual({ t0: 5, rows: [[1, 7]] });
    const bad = new PlayPlot(() => [1], 10, ['a', 'b']);
    expect(() => bad.callback(null, null, 0, 0, false, false, {})).toThrow(/returned 1 values for 2 plot names/);
    expect(() => new PlayPlot(() => 1, 0, ['a'])).toThrow(/horizonTimesteps/);
  });

  it('parses presets and refuses what the env cannot give', () => {
    expect(parsePlotSpecs('reward, return,ram:0x80,ram:200,ram:5', true).map((s) => [s.name, s.index])).toEqual([
      ['reward', undefined], ['return', undefined], ['ram[0x80]', 0], ['ram[0xc8]', 72], ['ram[0x85]', 5],
    ]);
    expect(() => parsePlotSpecs('ram:0x80', false)).toThrow(/needs an Atari game/);
    expect(() => parsePlotSpecs('ram:0x100', true)).toThrow(/0x80 to 0xff/);
    expect(() => parsePlotSpecs('rewrd', true)).toThrow(PlotSpecError);
  });
});

describe('the play server', () => {
  let session: PlaySession;
  beforeAll(async () => {
    session = await play(new AtariEnv({ game: 'breakout', obsType: 'rgb', frameskip: 1, repeatActionProbability: 0 }), { seed: 1 });
  });
  afterAll(() => session.close());

  it('listens on 127.0.0.1 and serves the page and its own files only', async () => {
    expect(session.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await get(session.url, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<canvas id="screen"');
    expect((await get(session.url, '/play.js')).status).toBe(200);
    expect((await get(session.url, '/vendor/uPlot.iife.min.js')).body).toContain('uPlot');
    for (const p of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/play.js/../../package.json', '//etc/passwd',
      '/vendor/../../../package.json', '/web/play/play.js', '/src/cli/play.ts', '/index.html%00', '/vendor/tf.min.js', '/model/model.json']) {
      const r = await get(session.url, p);
      expect(r.status, p).toBe(404);
      expect(r.body).not.toContain('atari-rl');
    }
    expect((await get(session.url, '/', {}, 'POST')).status).toBe(405);
    // Another Host header (a DNS-rebinding page) gets nothing.
    expect((await get(session.url, '/', { Host: 'attacker.example:80' })).status).toBe(403);
  });

  it("accepts WebSocket upgrades from the page's origin only", async () => {
    const port = new URL(session.url).port;
    await expect(connect(session, 'http://attacker.example')).rejects.toThrow(/HTTP 403/);
    await expect(connect(session, `http://localhost:${Number(port) + 1}`)).rejects.toThrow(/HTTP 403/);
    await expect(connect(session, null)).rejects.toThrow(/HTTP 403/);
    const { ws, messages } = await connect(session);
    const hello = await until('hello', () => messages.find((m) => (m as { type?: string }).type === 'hello')) as Record<string, unknown>;
    expect(hello).toMatchObject({ mode: 'play', width: 160, height: 210, fps: 60, zoom: 3, actions: ['NOOP', 'FIRE', 'RIGHT', 'LEFT'] });
    ws.close();
  });

  it('closes a connection that sends too much or not JSON, ignores malformed messages, and keeps serving', async () => {
    const big = await connect(session);
    const closed = new Promise<number>((r) => big.ws.once('close', (code) => r(code)));
    big.ws.send(JSON.stringify({ type: 'keys', down: ['x'.repeat(5000)] }));
    expect(await closed).toBe(1009);

    const bin = await connect(session);
    const closed2 = new Promise<number>((r) => bin.ws.once('close', (code) => r(code)));
    bin.ws.send(Buffer.from([1, 2, 3]));
    expect(await closed2).toBe(1003);

    const { ws } = await connect(session);
    ws.send(JSON.stringify({ type: 'keys', down: ['right', 'no such key'] }));
    ws.send(JSON.stringify({ type: 'speed', value: 1000 }));
    ws.send(JSON.stringify({ type: 'launch-missiles' }));
    ws.send(JSON.stringify({ type: 'keys', down: ['right'] }));
    await until('the valid key message', () => session.heldKeys.has('right'));
    expect(session.speed).toBe(1);
    ws.close();
  });

  it('steps with the keys held and forgets the keys of a client that dies', async () => {
    const atari = (session.source as unknown as { env: AtariEnv }).env;
    const { ws } = await connect(session);
    const x0 = atari.ale.getRAM()[72];
    ws.send(JSON.stringify({ type: 'keys', down: ['left'] }));
    await until('the paddle to move left', () => atari.ale.getRAM()[72] < x0 - 10);
    // A killed page: the TCP connection is reset, with no close frame.
    (ws as unknown as { _socket: import('node:net').Socket })._socket.resetAndDestroy();
    await until('the server to drop the client', () => session.server.clientCount === 0 && session.heldKeys.size === 0);
    expect((await get(session.url, '/')).status).toBe(200);
    const again = await connect(session);
    await until('a new page to get frames', () => again.messages.some((m) => Buffer.isBuffer(m)));
    again.ws.close();
  });

  it('sends a page new frames only as fast as it acknowledges them', async () => {
    const slow = await connect(session);
    const fast = await connect(session);
    fast.ws.on('message', (_d, bin) => bin && fast.ws.send(JSON.stringify({ type: 'ack' })));
    const t = session.ticks;
    await until('30 steps', () => session.ticks >= t + 30);
    const frames = (m: unknown[]) => m.filter((x) => Buffer.isBuffer(x)).length;
    // The frame sent on connecting, then two unacknowledged ones at most.
    expect(frames(slow.messages)).toBeLessThanOrEqual(3);
    expect(frames(fast.messages)).toBeGreaterThan(10);
    // Step messages still reach the slow page: it misses pictures, not steps.
    expect(slow.messages.filter((x) => (x as { type?: string }).type === 'tick').length).toBeGreaterThan(10);
    slow.ws.close();
    fast.ws.close();
  });

  it('runs only while a page is open', async () => {
    await until('no clients', () => session.server.clientCount === 0);
    await new Promise((r) => setTimeout(r, 100));
    const t = session.ticks;
    await new Promise((r) => setTimeout(r, 300));
    expect(session.ticks).toBe(t);
  });
});

describe('npm run play (the command)', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'play-cli-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  function start(args: string[]): { child: ChildProcess; out: () => string; err: () => string; exit: Promise<number | null> } {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/play.ts', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (err += d));
    const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    return { child, out: () => out, err: () => err, exit };
  }

  it('prints the URL, serves the page there, and stops cleanly on Ctrl-C', async () => {
    const p = start(['--env', 'CartPole-v1']);
    const url = await until('the URL', () => /http:\/\/127\.0\.0\.1:\d+\//.exec(p.out())?.[0], 60_000);
    expect((await get(url, '/')).status).toBe(200);
    p.child.kill('SIGINT');
    expect(await p.exit).toBe(0);
    expect(p.out()).toContain('play: stopped');
    expect(p.err()).toBe('');
  });

  it('answers bad input with one line that names the fix', async () => {
    const keys = path.join(work, 'keys.json');
    fs.writeFileSync(keys, '{"left": 7}');
    const cases: [string[], RegExp][] = [
      [['--game', 'breakot'], /^play: unknown game 'breakot'\. Did you mean: breakout/],
      [['--env', 'CartPol-v1'], /^play: unknown env 'CartPol-v1'\. Did you mean: .*CartPole-v1/],
      [['--game', 'breakout', '--mode', '3'], /^play: breakout has no mode 3; its modes are 0, 4, 8/],
      [['--game', 'breakout', '--keys', path.join(work, 'none.json')], /^play: cannot read the keys file .*none\.json \(ENOENT\)/],
      [['--game', 'breakout', '--keys', keys], /^play: .*keys\.json: 'left' maps to 7, which is not an action of this env/],
      [['--env', 'CartPole-v1', '--plot', 'ram:0x80'], /^play: --plot ram:0x80 needs an Atari game/],
      [['--env', 'CartPole-v1', '--sticky', '0.5'], /^play: --sticky is for Atari games, not CartPole-v1/],
      [['--game', 'breakout', '--epsilon', '0.1'], /^play: --epsilon needs --checkpoint/],
      [['--checkpoint', path.join(work, 'no-run')], /^play: --checkpoint .*no-run does not exist/],
      [['--game', 'breakout', '--zoom', '0'], /^play: --zoom must be an integer from 1 to 8/],
    ];
    const runs = cases.map(([args]) => start(args));
    for (const [i, [args, pattern]] of cases.entries()) {
      const code = await runs[i].exit;
      expect(runs[i].err(), args.join(' ')).toMatch(pattern);
      expect(code, args.join(' ')).not.toBe(0);
      expect(runs[i].err()).not.toMatch(/^\s+at /m); // no stack trace
    }
  });

  it('refuses a port that is taken', async () => {
    const blocker = http.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as import('node:net').AddressInfo).port;
    const p = start(['--env', 'MountainCar-v0', '--port', String(port)]);
    expect(await p.exit).toBe(1);
    expect(p.err()).toMatch(/^play: port \d+ is in use; pass another --port or leave it out for a free one\n$/);
    blocker.close();
  });
});

describe('classic control', () => {
  it("uses gym's noop: CartPole pushes left (action 0), MountainCar does not push (action 1)", async () => {
    for (const [id, noop, right] of [['CartPole-v1', 0, 1], ['MountainCar-v0', 1, 2]] as const) {
      const session = await play(make(id), { seed: 0 });
      try {
        const { ws, messages } = await connect(session);
        const hello = await until('hello', () => messages.find((m) => (m as { type?: string }).type === 'hello')) as Record<string, unknown>;
        expect(hello).toMatchObject({ fps: 30, zoom: 1, width: 600, height: 400, noop });
        await until('a tick', () => session.ticks > 2);
        expect((session.source.status() as { action: number }).action).toBe(noop);
        ws.send(JSON.stringify({ type: 'keys', down: ['right'] }));
        await until('the right push', () => (session.source.status() as { action: number }).action === right);
        ws.close();
      } finally {
        await session.close();
      }
    }
  });
});
