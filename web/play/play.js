// The play page: draws the frames the server streams, sends the keys held back, and shows the
// episode, the live charts and (watching an agent) its Q-values and 84x84 view.
import { LiveChart, drawQ, drawStack, formatNumber } from './charts.js';

const $ = (id) => document.getElementById(id);
const screen = $('screen');
const ctx = screen.getContext('2d');

// Read by the browser tests; handy in the console too.
const state = {
  hello: null,
  connected: false,
  frames: 0,
  drawn: 0,
  stacks: 0,
  ticks: 0,
  last: null,
  charts: {},
  q: null,
  decisions: 0,
  agentBackend: null,
  errors: [],
};
window.__play = state;

let ws;
let relevant = new Set();
const held = new Set();
let pendingFrame = null;
let image = null;
let zoom = 3;
let rewardChart = null;
let plotCharts = [];
let latestStack = null;
let model = null;
let tf = null;
const rate = { count: 0, since: performance.now() };

/** The page's names for keys: 'up' 'down' 'left' 'right' 'space', characters, other key names. */
function keyName(e) {
  const k = e.key;
  if (k === ' ' || k === 'Spacebar') return 'space';
  if (k.startsWith('Arrow')) return k.slice(5).toLowerCase();
  if (k === 'Esc') return 'escape';
  if (k.length === 1) return k.toLowerCase();
  return k.toLowerCase();
}

function send(msg) {
  if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg));
}

function sendKeys() {
  send({ type: 'keys', down: [...held].filter((k) => relevant.has(k)).slice(0, 16) });
}

addEventListener('keydown', (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) {
    if (e.key !== ' ' && !e.key.startsWith('Arrow')) return;
  }
  const k = keyName(e);
  if (relevant.has(k)) {
    e.preventDefault();
    if (!held.has(k)) {
      held.add(k);
      sendKeys();
    }
    return;
  }
  if (e.repeat) return;
  if (k === 'p') send({ type: 'pause' });
  else if (k === 'n') send({ type: 'step' });
  else if (k === 'r') send({ type: 'reset' });
});
addEventListener('keyup', (e) => {
  const k = keyName(e);
  if (held.delete(k)) sendKeys();
});
// Keys released while the page had no focus would otherwise stay held.
const releaseAll = () => {
  if (held.size) {
    held.clear();
    sendKeys();
  }
};
addEventListener('blur', releaseAll);
document.addEventListener('visibilitychange', () => document.hidden && releaseAll());

$('pause-btn').onclick = () => send({ type: 'pause' });
$('step-btn').onclick = () => send({ type: 'step' });
$('reset-btn').onclick = () => send({ type: 'reset' });
$('speed').onchange = (e) => send({ type: 'speed', value: Number(e.target.value) });
$('manual').onchange = (e) => send({ type: 'manual', on: e.target.checked });
// Buttons keep no focus, so Space goes to the game instead of clicking them again.
for (const b of document.querySelectorAll('button')) b.addEventListener('mouseup', () => b.blur());

function setupPage(h) {
  state.hello = h;
  document.title = `${h.title} · atari-rl play`;
  $('title').textContent = h.title;
  zoom = h.zoom;
  relevant = new Set(h.keys);
  const tbody = $('keyhelp').querySelector('tbody');
  tbody.replaceChildren();
  for (const row of h.keyHelp) {
    const tr = document.createElement('tr');
    tr.innerHTML = '<td></td><td></td>';
    tr.children[0].textContent = row.keys;
    tr.children[1].textContent = row.action;
    tbody.append(tr);
  }
  const speed = $('speed');
  speed.replaceChildren(...h.speeds.map((s) => new Option(`${s}×`, String(s), s === h.speed, s === h.speed)));
  $('lives-box').hidden = !h.hasLives;
  const agent = h.mode === 'agent';
  $('agent').hidden = !agent;
  $('manual-box').hidden = !agent;
  $('steps-label').textContent = agent ? 'Decisions' : 'Step';
  const charts = $('charts');
  charts.replaceChildren();
  state.charts = {};
  // The reward always has a chart, unless a plot of the same name already draws it.
  const horizon = h.plots[0]?.horizon ?? 300;
  const plotted = h.plots.some((p) => p.names.includes('reward'));
  rewardChart = plotted ? null : new LiveChart(charts, 'reward', horizon, 0);
  if (rewardChart) state.charts.reward = rewardChart;
  plotCharts = h.plots.map((p, pi) => p.names.map((name, i) => {
    const c = new LiveChart(charts, name, p.horizon, 1 + pi * 4 + i);
    state.charts[name] = c;
    return c;
  }));
  if (agent) {
    $('agent-where').textContent = h.agent.inBrowser ? '(network running in this page)' : '(network running in Node)';
    drawQ($('qbars'), h.actions, null);
    if (h.agent.inBrowser && !model) loadModel(h.agent.model).catch((e) => showError(`could not load the model: ${e.message}`));
  }
}

function showError(text) {
  state.errors.push(text);
  const el = $('error');
  el.textContent = text;
  el.hidden = false;
}

function showStatus(s) {
  state.last = s;
  $('episode').textContent = s.episode ?? '–';
  $('ret').textContent = formatNumber(s.ret);
  $('last').textContent = s.lastReturn === undefined || s.lastReturn === null ? '–' : formatNumber(s.lastReturn);
  $('lives').textContent = s.lives ?? '–';
  $('steps').textContent = s.steps ?? '–';
  $('action').textContent = s.actionName ?? '–';
  if (s.paused !== undefined) {
    $('paused').hidden = !s.paused;
    $('pause-btn').textContent = s.paused ? 'Resume' : 'Pause';
  }
  if (s.speed !== undefined) $('speed').value = String(s.speed);
  if (state.hello?.mode === 'agent') {
    if (s.q) {
      state.q = s.q;
      drawQ($('qbars'), state.hello.actions, s.q, s.action, s.greedy);
    }
    $('manual').checked = !!s.manual;
    const who = $('who');
    who.hidden = !s.human && !s.random && !s.waiting;
    who.textContent = s.human ? 'You have the controls (release the keys to hand back to the agent).'
      : s.waiting ? 'Waiting for the network in the page…' : s.random ? 'Random action (epsilon)' : '';
  }
}

function onTick(m) {
  state.ticks = m.t;
  const t0 = m.n - m.rewards.length;
  m.rewards.forEach((r, i) => rewardChart?.push(t0 + i, r));
  m.plots.forEach((p, pi) => p.rows.forEach((row, j) => row.forEach((v, k) => plotCharts[pi]?.[k]?.push(p.t0 + j, v))));
  showStatus(m);
}

function onBinary(buf) {
  const view = new DataView(buf);
  const kind = view.getUint8(0);
  // The server sends the next picture only once this one is acknowledged.
  if (kind !== 3) send({ type: 'ack' });
  if (kind === 1) {
    state.frames++;
    pendingFrame = buf;
  } else if (kind === 2 || kind === 3) {
    state.stacks++;
    const k = view.getUint8(1), size = view.getUint8(2);
    latestStack = { data: new Uint8Array(buf, 3), k, size };
    drawStack($('stack'), latestStack.data, k, size);
  }
}

function drawFrame(buf) {
  const view = new DataView(buf);
  const w = view.getUint16(1, true), h = view.getUint16(3, true);
  if (screen.width !== w || screen.height !== h || !image) {
    screen.width = w;
    screen.height = h;
    image = ctx.createImageData(w, h);
  }
  screen.style.width = `${w * zoom}px`;
  screen.style.height = `${h * zoom}px`;
  const rgb = new Uint8Array(buf, 5, w * h * 3);
  const px = image.data;
  for (let i = 0, j = 0; j < rgb.length; i += 4, j += 3) {
    px[i] = rgb[j];
    px[i + 1] = rgb[j + 1];
    px[i + 2] = rgb[j + 2];
    px[i + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
  state.drawn++;
  rate.count++;
}

function animate() {
  if (pendingFrame) {
    drawFrame(pendingFrame);
    pendingFrame = null;
  }
  rewardChart?.redraw();
  for (const group of plotCharts) for (const c of group) c.redraw();
  const now = performance.now();
  if (now - rate.since >= 1000) {
    $('rate').textContent = Math.round((rate.count * 1000) / (now - rate.since));
    rate.count = 0;
    rate.since = now;
  }
  requestAnimationFrame(animate);
}
requestAnimationFrame(animate);

// --- The agent's network in this page (--agent-in-browser) ---------------------------------

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error(`cannot load ${src}`));
    document.head.append(s);
  });
}

async function loadModel(url) {
  await loadScript('/vendor/tf.min.js');
  tf = window.tf;
  // The custom layers of the project's networks (src/agents/layers.ts), by the same class names.
  class ScalePixels extends tf.layers.Layer {
    static className = 'ScalePixels';
    call(inputs) {
      return tf.tidy(() => tf.div(Array.isArray(inputs) ? inputs[0] : inputs, 255));
    }
    computeOutputShape(shape) {
      return shape;
    }
  }
  class DuelingCombine extends tf.layers.Layer {
    static className = 'DuelingCombine';
    call(inputs) {
      return tf.tidy(() => {
        const [v, a] = inputs;
        return tf.add(v, tf.sub(a, tf.mean(a, 1, true)));
      });
    }
    computeOutputShape(shape) {
      return shape[1];
    }
  }
  tf.serialization.registerClass(ScalePixels);
  tf.serialization.registerClass(DuelingCombine);
  const wanted = new URLSearchParams(location.search).get('backend');
  if (wanted) await tf.setBackend(wanted);
  await tf.ready();
  state.agentBackend = tf.getBackend();
  $('agent-where').textContent = `(network running in this page, TensorFlow.js ${tf.version.tfjs}, ${state.agentBackend} backend)`;
  model = await tf.loadLayersModel(url);
  if (pendingDecision !== null) decide(pendingDecision);
}

let pendingDecision = null;

function decide(id) {
  if (!model || !latestStack) {
    pendingDecision = id;
    return;
  }
  pendingDecision = null;
  const { data, k, size } = latestStack;
  const q = tf.tidy(() => Array.from(model.predict(tf.tensor(Float32Array.from(data), [1, k, size, size])).dataSync()));
  let best = 0;
  for (let i = 1; i < q.length; ++i) if (q[i] > q[best]) best = i;
  state.decisions++;
  state.lastDecision = { id, q, input: data };
  send({ type: 'act', id, action: best, q });
}

// --- Connection --------------------------------------------------------------------------------

let retry = 250;
function connect() {
  const conn = $('conn');
  ws = new WebSocket(`ws://${location.host}/ws`);
  ws.binaryType = 'arraybuffer';
  ws.onopen = () => {
    state.connected = true;
    retry = 250;
    conn.textContent = 'connected';
    conn.className = 'conn ok';
  };
  ws.onmessage = (ev) => {
    if (typeof ev.data !== 'string') return onBinary(ev.data);
    const m = JSON.parse(ev.data);
    if (m.type === 'hello') setupPage(m);
    else if (m.type === 'tick') onTick(m);
    else if (m.type === 'state') showStatus(m);
    else if (m.type === 'decide') decide(m.id);
    else if (m.type === 'error') showError(`the game stopped: ${m.message}`);
  };
  ws.onclose = () => {
    state.connected = false;
    conn.textContent = 'disconnected: is `npm run play` still running? retrying…';
    conn.className = 'conn bad';
    setTimeout(connect, retry);
    retry = Math.min(retry * 2, 5000);
  };
}
connect();
