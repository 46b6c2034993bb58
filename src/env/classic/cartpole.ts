// CartPole with Gymnasium's dynamics: a pole on a cart, pushed left or right; the episode ends
// when the pole leans past 12 degrees or the cart leaves the track (|x| > 2.4).
import { Env, type RgbFrame, type ResetResult, type StepResult } from '../core.ts';
import { Rng } from '../rng.ts';
import { Box, Discrete } from '../spaces.ts';
import { Canvas } from './raster.ts';

export class CartPoleEnv extends Env<Float32Array, number> {
  static readonly gravity = 9.8;
  static readonly massCart = 1.0;
  static readonly massPole = 0.1;
  static readonly totalMass = 1.1;
  static readonly length = 0.5; // half the pole's length
  static readonly poleMassLength = 0.05;
  static readonly forceMag = 10.0;
  static readonly tau = 0.02;
  static readonly thetaThreshold = (12 * 2 * Math.PI) / 360;
  static readonly xThreshold = 2.4;

  readonly actionSpace = new Discrete(2);
  readonly renderFps = 50;
  readonly observationSpace: Box<'float32'>;
  /** x, x_dot, theta, theta_dot. */
  state = new Float64Array(4);
  private rng = new Rng();
  private stepsBeyondTerminated: number | null = null;
  private started = false;

  constructor() {
    super();
    const high = [CartPoleEnv.xThreshold * 2, Number.MAX_VALUE, CartPoleEnv.thetaThreshold * 2, Number.MAX_VALUE];
    this.observationSpace = new Box(high.map((h) => -h), high, [4], 'float32');
  }

  reset(options: { seed?: number } = {}): ResetResult<Float32Array> {
    if (options.seed !== undefined) this.rng.seed(options.seed);
    for (let i = 0; i < 4; ++i) this.state[i] = this.rng.uniform(-0.05, 0.05);
    this.stepsBeyondTerminated = null;
    this.started = true;
    return { observation: Float32Array.from(this.state), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    if (!this.actionSpace.contains(action)) throw new RangeError(`CartPole: action must be 0 or 1, got ${action}`);
    if (!this.started) throw new Error('CartPole: call reset() before step()');
    const C = CartPoleEnv;
    let [x, xDot, theta, thetaDot] = this.state;
    const force = action === 1 ? C.forceMag : -C.forceMag;
    const cos = Math.cos(theta);
    const sin = Math.sin(theta);
    const temp = (force + C.poleMassLength * thetaDot * thetaDot * sin) / C.totalMass;
    const thetaAcc = (C.gravity * sin - cos * temp) / (C.length * (4.0 / 3.0 - (C.massPole * cos * cos) / C.totalMass));
    const xAcc = temp - (C.poleMassLength * thetaAcc * cos) / C.totalMass;
    // Explicit Euler, as Gymnasium's default integrator.
    x += C.tau * xDot;
    xDot += C.tau * xAcc;
    theta += C.tau * thetaDot;
    thetaDot += C.tau * thetaAcc;
    this.state.set([x, xDot, theta, thetaDot]);

    const terminated = x < -C.xThreshold || x > C.xThreshold || theta < -C.thetaThreshold || theta > C.thetaThreshold;
    let reward = 1.0;
    if (terminated) {
      if (this.stepsBeyondTerminated === null) this.stepsBeyondTerminated = 0;
      else {
        // Stepping a finished episode: Gymnasium warns and gives no reward.
        this.stepsBeyondTerminated++;
        reward = 0.0;
      }
    }
    return { observation: Float32Array.from(this.state), reward, terminated, truncated: false, info: {} };
  }

  render(): RgbFrame {
    const W = 600, H = 400;
    const scale = W / (CartPoleEnv.xThreshold * 2);
    const poleWidth = 10, poleLen = scale * 2 * CartPoleEnv.length, cartWidth = 50, cartHeight = 30;
    const c = new Canvas(W, H);
    // Gymnasium draws with y up and flips at the end; here y is flipped per point.
    const flip = (p: [number, number]): [number, number] => [p[0], H - p[1]];
    const [x, , theta] = this.state;
    const cartX = x * scale + W / 2, cartY = 100;
    const l = -cartWidth / 2, r = cartWidth / 2, t = cartHeight / 2, b = -cartHeight / 2;
    c.polygon(([[l, b], [l, t], [r, t], [r, b]] as [number, number][]).map(([px, py]) => flip([px + cartX, py + cartY])), [0, 0, 0]);
    const axleOffset = cartHeight / 4;
    const pole: [number, number][] = [[-poleWidth / 2, -poleWidth / 2], [-poleWidth / 2, poleLen - poleWidth / 2], [poleWidth / 2, poleLen - poleWidth / 2], [poleWidth / 2, -poleWidth / 2]];
    c.polygon(
      pole.map(([px, py]) => {
        // Rotate by -theta (the pole leans right for positive theta).
        const rx = px * Math.cos(-theta) - py * Math.sin(-theta);
        const ry = px * Math.sin(-theta) + py * Math.cos(-theta);
        return flip([rx + cartX, ry + cartY + axleOffset]);
      }),
      [202, 152, 101],
    );
    const axle = flip([cartX, cartY + axleOffset]);
    c.circle(axle[0], axle[1], poleWidth / 2, [129, 132, 203]);
    c.line(0, H - cartY, W, H - cartY, [0, 0, 0]);
    return c.frame();
  }
}
