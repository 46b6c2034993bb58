// Live line charts (uPlot) over a sliding horizon of timesteps, the Q-value bars and the agent's stack.
/* global uPlot */

const COLORS = ['#4fc3f7', '#ffb74d', '#81c784', '#e57373', '#ba68c8', '#fff176', '#4db6ac', '#f06292'];

export class LiveChart {
  constructor(parent, name, horizon, index) {
    this.name = name;
    this.horizon = horizon;
    this.xs = [];
    this.ys = [];
    this.dirty = false;
    const box = document.createElement('div');
    box.className = 'chart';
    box.dataset.name = name;
    const head = document.createElement('div');
    head.innerHTML = '<span class="name"></span><span class="value"></span>';
    head.querySelector('.name').textContent = name;
    this.valueEl = head.querySelector('.value');
    box.append(head);
    parent.append(box);
    this.plot = new uPlot({
      width: 420,
      height: 110,
      legend: { show: false },
      cursor: { show: false },
      // A flat line gets a range around its value instead of uPlot's 0..100.
      scales: { x: { time: false }, y: { range: (_u, lo, hi) => (lo === hi || lo == null ? [(lo ?? 0) - 1, (hi ?? 0) + 1] : [lo - (hi - lo) * 0.05, hi + (hi - lo) * 0.05]) } },
      axes: [
        { stroke: '#9aa0a6', grid: { stroke: '#2d323b' }, ticks: { stroke: '#2d323b' } },
        { stroke: '#9aa0a6', grid: { stroke: '#2d323b' }, ticks: { stroke: '#2d323b' }, size: 50 },
      ],
      series: [{}, { label: name, stroke: COLORS[index % COLORS.length], width: 1.5, points: { show: false } }],
    }, [[], []], box);
  }

  push(t, v) {
    this.xs.push(t);
    this.ys.push(Number.isFinite(v) ? v : null);
    if (this.xs.length > this.horizon) {
      const cut = this.xs.length - this.horizon;
      this.xs.splice(0, cut);
      this.ys.splice(0, cut);
    }
    this.dirty = true;
  }

  redraw() {
    if (!this.dirty) return;
    this.dirty = false;
    this.plot.setData([this.xs, this.ys]);
    const last = this.ys[this.ys.length - 1];
    this.valueEl.textContent = last == null ? '' : formatNumber(last);
  }
}

export function formatNumber(v) {
  if (v == null || !Number.isFinite(v)) return '–';
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(3);
}

/** Horizontal bars, one per action; the action taken filled bright, the greedy one outlined. */
export function drawQ(canvas, names, q, chosen, greedy) {
  const rowH = 18;
  const h = names.length * rowH + 8;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  if (!q) return;
  const lo = Math.min(0, ...q), hi = Math.max(0, ...q);
  const span = hi - lo || 1;
  const left = 110, right = canvas.width - 60, width = right - left;
  const zero = left + ((0 - lo) / span) * width;
  ctx.font = '12px monospace';
  ctx.textBaseline = 'middle';
  names.forEach((name, i) => {
    const y = 4 + i * rowH;
    const x0 = left + ((Math.min(0, q[i]) - lo) / span) * width;
    const x1 = left + ((Math.max(0, q[i]) - lo) / span) * width;
    ctx.fillStyle = i === chosen ? '#4fc3f7' : '#3a4150';
    ctx.fillRect(x0, y + 2, Math.max(1, x1 - x0), rowH - 4);
    if (i === greedy) {
      ctx.strokeStyle = '#fff176';
      ctx.lineWidth = 1.5;
      ctx.strokeRect(x0 + 0.5, y + 2.5, Math.max(1, x1 - x0) - 1, rowH - 5);
    }
    ctx.fillStyle = i === chosen ? '#fff' : '#9aa0a6';
    ctx.textAlign = 'right';
    ctx.fillText(name, left - 6, y + rowH / 2);
    ctx.textAlign = 'left';
    ctx.fillText(q[i].toFixed(3), right + 4, y + rowH / 2);
  });
  ctx.strokeStyle = '#666';
  ctx.beginPath();
  ctx.moveTo(zero + 0.5, 2);
  ctx.lineTo(zero + 0.5, canvas.height - 2);
  ctx.stroke();
}

/** k gray size x size frames side by side, 4 pixels apart. */
export function drawStack(canvas, frames, k, size) {
  const gap = 4;
  const w = k * size + (k - 1) * gap;
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== size) canvas.height = size;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#222';
  ctx.fillRect(0, 0, w, size);
  const img = ctx.createImageData(size, size);
  for (let f = 0; f < k; ++f) {
    const base = f * size * size;
    for (let i = 0; i < size * size; ++i) {
      const v = frames[base + i];
      img.data[i * 4] = v;
      img.data[i * 4 + 1] = v;
      img.data[i * 4 + 2] = v;
      img.data[i * 4 + 3] = 255;
    }
    ctx.putImageData(img, f * (size + gap), 0);
  }
}
