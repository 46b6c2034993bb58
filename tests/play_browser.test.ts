// npm run play in a real browser: headless Chromium (playwright-core) opens the page, presses
// keys and reads the canvas; the game's RAM is read on the server. Screenshots of what a person
// sees go to test-output/ (TEST_OUTPUT_DIR).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import './paths.ts';
import { repoRoot } from '../src/native.ts';
import { buildQNetwork } from '../src/agents/dqn.ts';
import { loadModel, saveModel } from '../src/agents/model_io.ts';
import { AtariEnv } from '../src/env/atari.ts';
import { make } from '../src/index.ts';
import { saveCheckpoint } from '../src/io/atomic.ts';
import { watchAgent, type AgentSource } from '../src/play/agent.ts';
import { play } from '../src/play/play.ts';
import { parsePlotSpecs, presetPlot } from '../src/play/presets.ts';
import type { PlaySession } from '../src/play/session.ts';
import { launchBrowser, type Browser } from './helpers/browser.ts';

const outDir = process.env.TEST_OUTPUT_DIR ?? path.join(repoRoot, 'test-output');
fs.mkdirSync(outDir, { recursive: true });

async function until<T>(what: string, f: () => T | undefined | false | Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const pageState = (page: Page, f: string) => page.evaluate(`(() => { const s = window.__play; return ${f}; })()`) as Promise<any>;

/** The canvas's pixels as RGB, read back from the page (as base64: a plain array is slow to pass). */
async function canvasRgb(page: Page, id: string): Promise<{ width: number; height: number; rgb: Uint8Array }> {
  const r = await page.evaluate((cid) => {
    const c = document.getElementById(cid) as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const rgb = new Uint8Array((d.length / 4) * 3);
    for (let i = 0, j = 0; i < d.length; i += 4, j += 3) rgb.set([d[i], d[i + 1], d[i + 2]], j);
    let bin = '';
    for (let i = 0; i < rgb.length; i += 0x8000) bin += String.fromCharCode(...rgb.subarray(i, i + 0x8000));
    return { width: c.width, height: c.height, b64: btoa(bin) };
  }, id);
  return { width: r.width, height: r.height, rgb: new Uint8Array(Buffer.from(r.b64, 'base64')) };
}

function distinctColours(rgb: Uint8Array): number {
  const s = new Set<number>();
  for (let i = 0; i < rgb.length; i += 3) s.add((rgb[i] << 16) | (rgb[i + 1] << 8) | rgb[i + 2]);
  return s.size;
}

async function openPage(browser: Browser, url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  await page.goto(url);
  return { page, problems };
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('playing Breakout in the browser', () => {
  let session: PlaySession;
  let atari: AtariEnv;
  let page: Page;
  let problems: string[];
  const ram = () => atari.ale.getRAM();
  const PADDLE_X = 72, BALL_Y = 101; // Breakout's RAM: paddle position, ball height (0 before a serve)

  beforeAll(async () => {
    atari = new AtariEnv({ game: 'breakout', obsType: 'rgb', frameskip: 1, repeatActionProbability: 0 });
    const plot = presetPlot(parsePlotSpecs('return,ram:0xc8', true), 300, ram);
    session = await play(atari, { seed: 0, callback: plot.callback });
    ({ page, problems } = await openPage(browser, session.url));
  });
  afterAll(async () => {
    await page?.close();
    await session?.close();
  });

  it('loads and draws the frames the emulator shows', async () => {
    await until('frames drawn', () => pageState(page, 's.drawn > 5'));
    expect(await pageState(page, 's.hello.title')).toBe('breakout');
    // Paused, the canvas must hold exactly the server's current screen.
    await page.click('#pause-btn');
    await until('the pause', () => session.paused);
    await until('the paused overlay', () => page.isVisible('#paused'));
    await sleep(150); // the last frame reaches the canvas
    const shown = await canvasRgb(page, 'screen');
    expect([shown.width, shown.height]).toEqual([160, 210]);
    expect(distinctColours(shown.rgb)).toBeGreaterThanOrEqual(6); // walls, six brick rows, score
    expect(Buffer.from(shown.rgb).equals(Buffer.from(session.source.frame()!.data))).toBe(true);
    // --zoom: 3 page pixels per screen pixel.
    const box = (await page.locator('#screen').boundingBox())!;
    expect([Math.round(box.width), Math.round(box.height)]).toEqual([480, 630]);
    await page.click('#pause-btn');
    await until('the resume', () => !session.paused);
  });

  it('moves the paddle while RIGHT is held and stops when it is released', async () => {
    await page.mouse.click(2, 2); // focus on the page itself, not a control
    const x0 = ram()[PADDLE_X];
    await page.keyboard.down('ArrowRight');
    await until('the paddle to move right', () => ram()[PADDLE_X] >= x0 + 20);
    expect(session.heldKeys.has('right')).toBe(true);
    await page.keyboard.up('ArrowRight');
    await until('the key release', () => session.heldKeys.size === 0);
    // The paddle follows the emulated controller with some lag, then stays.
    await sleep(300);
    const x1 = ram()[PADDLE_X];
    await sleep(300);
    expect(ram()[PADDLE_X]).toBe(x1);
    // WASD steers too.
    await page.keyboard.down('a');
    await until('the paddle to move left', () => ram()[PADDLE_X] <= x1 - 20);
    await page.keyboard.up('a');
    expect(ram()[BALL_Y]).toBe(0); // no ball yet: nothing fired
  });

  it('launches a ball with FIRE (space)', async () => {
    await page.keyboard.down('Space');
    await until('a ball in play', () => ram()[BALL_Y] !== 0);
    await page.keyboard.up('Space');
    expect(await pageState(page, "s.hello.keyHelp.find((k) => k.action === 'FIRE').keys")).toBe('space');
  });

  it('feeds the reward chart and the PlayPlot charts every step', async () => {
    const before = await pageState(page, 's.charts.reward.xs.length');
    await until('more reward points', async () => (await pageState(page, 's.charts.reward.xs.length')) >= Math.min(before + 30, 300));
    expect(await pageState(page, 'Object.keys(s.charts)')).toEqual(['reward', 'return', 'ram[0xc8]']);
    // Pause: the page's last points are the server's last step.
    await page.keyboard.press('p');
    await until('the pause', () => session.paused);
    await sleep(150);
    const last = await pageState(page, '({ t: s.charts.reward.xs.at(-1), ram: s.charts["ram[0xc8]"].ys.at(-1), ticks: s.ticks })');
    expect(last.t).toBe(session.stepCount - 1); // steps count from 0, as PlayPlot's timesteps
    expect(await pageState(page, 's.charts["ram[0xc8]"].xs.at(-1)')).toBe(session.stepCount - 1);
    expect(last.ticks).toBe(session.ticks);
    expect(last.ram).toBe(ram()[PADDLE_X]);
    // uPlot drew a line: the chart canvas is not all one colour.
    const chartPixels = await page.evaluate(() => {
      const c = document.querySelector('.chart[data-name="ram[0xc8]"] canvas') as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const s = new Set<number>();
      for (let i = 0; i < d.length; i += 4) s.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      return s.size;
    });
    expect(chartPixels).toBeGreaterThan(3);
  });

  it('pauses, single-steps one step at a time, resumes and resets', async () => {
    expect(session.paused).toBe(true);
    const t = session.ticks;
    await sleep(300);
    expect(session.ticks).toBe(t);
    await page.keyboard.press('n');
    await until('one step', () => session.ticks === t + 1);
    await until('the page to see it', () => pageState(page, `s.ticks === ${t + 1}`));
    await page.click('#step-btn');
    await until('another step', () => session.ticks === t + 2);
    await sleep(200);
    expect(session.ticks).toBe(t + 2);
    await page.screenshot({ path: path.join(outDir, 'play-breakout.png'), fullPage: true });
    await page.keyboard.press('p');
    await until('ticks again', () => session.ticks > t + 10);
    const episode = (session.source.status() as { episode: number }).episode;
    await page.keyboard.press('r');
    await until('a new episode on the page', () => pageState(page, `s.last.episode === ${episode + 1}`));
  });

  it('keeps running for other pages when a tab is closed', async () => {
    const second = await openPage(browser, session.url);
    await until('two pages', () => session.server.clientCount === 2);
    await second.page.close();
    await until('one page', () => session.server.clientCount === 1);
    const t = session.ticks;
    await until('ticks', () => session.ticks > t + 5);
    expect(problems).toEqual([]);
    expect(second.problems).toEqual([]);
  });
});

describe('classic control in the browser', () => {
  it('draws CartPole and sends RIGHT as action 1', async () => {
    const session = await play(make('CartPole-v1'), { seed: 0 });
    const { page, problems } = await openPage(browser, session.url);
    try {
      await until('frames', () => pageState(page, 's.drawn > 2'));
      const shown = await canvasRgb(page, 'screen');
      expect([shown.width, shown.height]).toEqual([600, 400]);
      expect(distinctColours(shown.rgb)).toBeGreaterThan(2);
      await page.mouse.click(2, 2); // focus on the page itself, not a control
      await page.keyboard.down('ArrowRight');
      await until('action 1', () => (session.source.status() as { action: number }).action === 1);
      await page.keyboard.up('ArrowRight');
      await until('back to the noop', () => (session.source.status() as { action: number }).action === 0);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      await session.close();
    }
  });
});

/** A run directory with one checkpoint of an untrained small Q-network for Breakout. */
async function makeRun(actions = 4): Promise<string> {
  const run = fs.mkdtempSync(path.join(os.tmpdir(), 'play-agent-'));
  fs.writeFileSync(path.join(run, 'config.json'), JSON.stringify({ game: 'breakout', network: 'small' }));
  await saveCheckpoint(run, 1000, async (dir) => {
    const net = buildQNetwork(actions, { network: 'small', dueling: false, seed: 3 });
    fs.mkdirSync(path.join(dir, 'online'));
    await saveModel(net, path.join(dir, 'online'));
    net.dispose();
  });
  return run;
}

describe('watching an agent in the browser', () => {
  let run: string;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    run = await makeRun();
  });
  afterAll(() => fs.rmSync(run, { recursive: true, force: true }));

  it('shows its Q-values and 84x84 stack, single-steps by decisions, and hands over to the keyboard', async () => {
    const session = await watchAgent({ checkpoint: run, backend: 'cpu', epsilon: 0, seed: 0 });
    const source = session.source as AgentSource;
    const { page, problems } = await openPage(browser, session.url);
    try {
      await until('Q-values on the page', () => pageState(page, 's.q && s.q.length === 4 && s.stacks > 0'));
      expect(await pageState(page, 's.hello.mode')).toBe('agent');
      expect(await page.isVisible('#agent')).toBe(true);
      await page.keyboard.press('p');
      await until('the pause', () => session.paused);
      await sleep(150);
      const q = await pageState(page, 's.q');
      expect(q).toEqual((source.status() as { q: number[] }).q);
      // The greedy action (epsilon 0) is the one taken.
      expect((source.status() as { action: number }).action).toBe(q.indexOf(Math.max(...q)));
      const bars = await canvasRgb(page, 'qbars');
      expect(distinctColours(bars.rgb)).toBeGreaterThan(3);
      const stack = await canvasRgb(page, 'stack');
      expect([stack.width, stack.height]).toEqual([4 * 84 + 3 * 4, 84]);
      expect(distinctColours(stack.rgb)).toBeGreaterThan(3);
      // One single step is one agent decision: its 4 emulated frames played out.
      const d = source.decisions, t = session.ticks;
      await page.keyboard.press('n');
      await until('one decision', () => source.decisions === d + 1 && source.pending() === 0);
      expect(session.ticks - t).toBeGreaterThanOrEqual(4);
      await sleep(150);
      expect(source.decisions).toBe(d + 1);
      await page.screenshot({ path: path.join(outDir, 'play-agent.png'), fullPage: true });
      // Speed control.
      await page.selectOption('#speed', '4');
      await until('speed 4', () => session.speed === 4);
      await page.keyboard.press('p');
      // Take-over: a held key plays instead of the agent.
      await page.mouse.click(2, 2); // focus on the page itself, not a control
      await page.keyboard.down('ArrowLeft');
      await until('the person in control', () => {
        const s = source.status() as { human: boolean; actionName: string };
        return s.human && s.actionName === 'LEFT';
      });
      await until('the page to say so', () => page.isVisible('#who'));
      expect(await page.textContent('#who')).toContain('You have the controls');
      await page.keyboard.up('ArrowLeft');
      await until('the agent back', () => !(source.status() as { human: boolean }).human);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      await session.close();
    }
  });

  it('refuses a checkpoint of another game or another action count, saying which', async () => {
    await expect(watchAgent({ checkpoint: run, game: 'pong', backend: 'cpu' })).rejects.toThrow(/is an agent for breakout, not pong; pass --game breakout/);
    const six = await makeRun(6);
    try {
      await expect(watchAgent({ checkpoint: six, backend: 'cpu' })).rejects.toThrow(/the checkpoint's network has 6 actions but breakout has 4/);
      await expect(watchAgent({ checkpoint: six, inBrowser: true })).rejects.toThrow(/the checkpoint's network has 6 actions but breakout has 4/);
    } finally {
      fs.rmSync(six, { recursive: true, force: true });
    }
  });

  it('runs the network in the page with TensorFlow.js and acts on its answers', async () => {
    const session = await watchAgent({ checkpoint: run, inBrowser: true, epsilon: 0, seed: 0 });
    const source = session.source as AgentSource;
    const { page, problems } = await openPage(browser, session.url + '?backend=cpu');
    try {
      await until('decisions made in the page', () => pageState(page, 's.decisions >= 3'), 60_000).catch((e) => {
        throw new Error(`${e.message}; the page reported: ${problems.join(' | ') || 'nothing'}`);
      });
      expect(await pageState(page, 's.agentBackend')).toBe('cpu');
      await until('the server to act on them', () => source.decisions >= 3);
      await page.keyboard.press('p');
      await until('the pause', () => session.paused);
      await sleep(200);
      // The page's Q-values are the network's on the stack it was given, as Node computes them.
      const last = await pageState(page, '({ q: s.lastDecision.q, input: Array.from(s.lastDecision.input) })');
      const model = await loadModel(path.join(run, 'checkpoints', fs.readFileSync(path.join(run, 'checkpoints', 'latest'), 'utf8').trim(), 'online'));
      const expected = tf.tidy(() => Array.from((model.predict(tf.tensor(last.input, [1, 4, 84, 84], 'float32')) as tf.Tensor).dataSync()));
      model.dispose();
      expect(last.q).toHaveLength(4);
      last.q.forEach((v: number, i: number) => expect(v).toBeCloseTo(expected[i], 4));
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      await session.close();
    }
  });
});
