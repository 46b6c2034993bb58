// The pixel CartPole DQN's two parts that decide whether it can learn at all: what it sees (a window
// of the rendered frame that follows the cart) and its update (Q(s, a) pulled to the target
// network's bootstrapped value). Its learning curve needs hundreds of episodes, more than CI has;
// these check the parts against Gymnasium's render geometry and a target computed here.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { CartPoleEnv } from '../src/env/classic/cartpole.ts';
import { Rng } from '../src/env/rng.ts';
import { selectBackend } from '../src/tf/backend.ts';
import { buildPixelNet, cartView, frameDifference, pixelDqnUpdate, SCREEN_H, SCREEN_W } from '../src/agents/cartpole_pixels_dqn.ts';

/** Columns and rows of the view where the black cart body is (at least 3 dark pixels in a column: the 1-pixel track line is not). */
function cartBlob(view: Float32Array): { col: number; rows: [number, number] } {
  const cols: number[] = [];
  let top = SCREEN_H, bottom = -1;
  for (let x = 0; x < SCREEN_W; ++x) {
    let dark = 0;
    for (let y = 0; y < SCREEN_H; ++y) if (view[y * SCREEN_W + x] < 0.3) dark++;
    if (dark >= 3) cols.push(x);
  }
  for (const x of cols) for (let y = 0; y < SCREEN_H; ++y) if (view[y * SCREEN_W + x] < 0.3) { top = Math.min(top, y); bottom = Math.max(bottom, y); }
  return { col: cols.length ? (cols[0] + cols[cols.length - 1] + 1) / 2 : NaN, rows: [top, bottom] };
}

describe('pixel CartPole DQN', () => {
  it('sees a 40x90 gray window of the render that follows the cart and is clamped at the frame edges', () => {
    const env = new CartPoleEnv();
    env.reset({ seed: 0 });
    // Gymnasium's render: 600 px for 4.8 units of track, the cart body 50 px wide at 300 px from the top.
    for (const x of [-2.2, -1, 0, 0.7, 1.9]) {
      env.state.set([x, 0, 0, 0]);
      const frame = env.render();
      const view = cartView(frame, x);
      expect(view.length).toBe(SCREEN_H * SCREEN_W);
      const cartPx = x * (600 / 4.8) + 300;
      const left = Math.min(Math.max(cartPx - 180, 0), 600 - 360);
      const blob = cartBlob(view);
      expect(Math.abs(blob.col - (cartPx - left) / 4), `cart at x=${x}: view column`).toBeLessThanOrEqual(1);
      if (Math.abs(x) < 1) expect(Math.abs(blob.col - SCREEN_W / 2), `cart at x=${x} is centred`).toBeLessThanOrEqual(1);
      // Rows 160..320 of the frame, shrunk by 4: the 30 px body lies in the lower part of the window.
      expect(blob.rows[0]).toBeGreaterThanOrEqual(28);
      expect(blob.rows[1]).toBeLessThanOrEqual(39);
      expect(blob.rows[1] - blob.rows[0]).toBeGreaterThanOrEqual(6);
      // Background is white (1.0 after the gray conversion), nothing outside [0, 1].
      expect(view[0]).toBeCloseTo(1, 5);
      expect(Math.min(...view)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...view)).toBeLessThanOrEqual(1);
    }
    // The state is what moved: a cart pushed right leaves dark-to-light at its left edge and light-to-dark at its right.
    env.state.set([0, 0, 0, 0]);
    const before = cartView(env.render(), 0);
    env.state.set([0.1, 0, 0, 0]);
    const after = cartView(env.render(), 0); // the window kept still, as between two steps of a slow cart
    const diff = frameDifference(after, before);
    // Rows 36..39 hold the cart body below the pole and the track line.
    const moved = Array.from(diff.entries()).filter(([i, v]) => i >= 36 * SCREEN_W && Math.abs(v) > 0.2).map(([i, v]) => ({ col: i % SCREEN_W, v }));
    expect(moved.length).toBeGreaterThan(0);
    const gone = moved.filter((m) => m.v > 0), come = moved.filter((m) => m.v < 0);
    expect(Math.max(...gone.map((m) => m.col))).toBeLessThan(Math.min(...come.map((m) => m.col)));
  });

  it('an update pulls Q(s, a) to r + gamma * max Q_target(s\'), with nothing bootstrapped after a termination', async () => {
    await selectBackend('auto');
    const n = 8, dim = SCREEN_H * SCREEN_W, gamma = 0.9;
    const rng = new Rng(3);
    const batch = {
      obs: Float32Array.from({ length: n * dim }, () => rng.uniform(-0.3, 0.3)),
      nextObs: Float32Array.from({ length: n * dim }, () => rng.uniform(-0.3, 0.3)),
      actions: Int32Array.from([0, 1, 1, 0, 1, 0, 0, 1]),
      rewards: Float32Array.from([1, 1, 0, 1, 1, 0, 1, 1]),
      dones: Float32Array.from([0, 1, 0, 0, 1, 0, 0, 0]),
    };
    const policy = buildPixelNet(1);
    const target = buildPixelNet(2);
    // Output biases that put the target's values well away from 0, so bootstrapped and terminal targets differ.
    const head = target.layers[target.layers.length - 1];
    head.setWeights([head.getWeights()[0], tf.tensor1d([1.5, 0.5])]);
    // The target network's values, read once: it is frozen, so these targets hold for every update.
    const nextQ = tf.tidy(() => target.predict(tf.tensor4d(batch.nextObs, [n, SCREEN_H, SCREEN_W, 1])) as tf.Tensor2D).arraySync();
    const y = Array.from({ length: n }, (_, i) => batch.rewards[i] + (batch.dones[i] ? 0 : gamma * Math.max(...nextQ[i])));
    // Terminal rows differ from what bootstrapping would give, so a missing mask shows.
    for (const i of [1, 4]) expect(Math.abs(gamma * Math.max(...nextQ[i]))).toBeGreaterThan(0.5);
    const taken = () => tf.tidy(() => {
      const q = (policy.apply(tf.tensor4d(batch.obs, [n, SCREEN_H, SCREEN_W, 1]), { training: true }) as tf.Tensor2D).arraySync();
      return q.map((row, i) => row[batch.actions[i]]);
    });
    const worst = (q: number[]) => Math.max(...q.map((v, i) => Math.abs(v - y[i])));
    const startError = worst(taken());
    // Plain SGD: on one fixed batch it settles on the targets, where RMSProp's steps keep jittering around them.
    const opt = tf.train.sgd(0.1);
    const vars = policy.trainableWeights.map((w) => w.read() as tf.Variable);
    for (let k = 0; k < 100; ++k) pixelDqnUpdate(policy, target, opt, vars, batch, gamma);
    const endError = worst(taken());
    expect(startError).toBeGreaterThan(0.3);
    expect(endError, `largest |Q(s,a) - y| after 100 updates (from ${startError})`).toBeLessThan(0.01);
    [policy, target].forEach((m) => m.dispose());
    opt.dispose();
  }, 120_000);
});
