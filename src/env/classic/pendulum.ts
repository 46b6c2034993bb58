// Pendulum-v1 with Gymnasium's dynamics: swing a frictionless pendulum upright and hold it there
// with a torque in [-2, 2] (actions beyond it are clipped). Observation [cos theta, sin theta,
// theta dot]; reward -(theta^2 + 0.1 theta_dot^2 + 0.001 torque^2) with theta normalised to
// [-pi, pi). Never terminates; Pendulum-v1 is truncated at 200 steps by its TimeLimit.
// Reset states come from NumPy's generator, so a seed gives Gymnasium's trajectory.
import { Env, type RgbFrame, type ResetResult, type StepResult } from '../core.ts';
import { NumpyGenerator } from '../np_random.ts';
import { Box } from '../spaces.ts';
import { describe } from './mountain_car_continuous.ts';
import { Canvas } from './raster.ts';

/** NumPy's float remainder: the sign of the divisor, as Python's %. */
function remainder(a: number, b: number): number {
  const m = a % b;
  if (m === 0) return b < 0 ? -0 : 0;
  return (b < 0) !== (m < 0) ? m + b : m;
}

export const angleNormalize = (x: number) => remainder(x + Math.PI, 2 * Math.PI) - Math.PI;

export class PendulumEnv extends Env<Float32Array, Float32Array> {
  static readonly maxSpeed = 8;
  static readonly maxTorque = 2.0;
  static readonly dt = 0.05;
  static readonly m = 1.0;
  static readonly l = 1.0;

  readonly actionSpace = new Box(-2, 2, [1], 'float32');
  readonly observationSpace = new Box([-1, -1, -8], [1, 1, 8], [3], 'float32');
  readonly renderFps = 30;
  /** theta (0 = upright), theta dot; float64 as in Gymnasium. */
  readonly state = new Float64Array(2);
  private lastU: number | null = null;
  private rng: NumpyGenerator | undefined;

  constructor(readonly g = 10.0) {
    super();
  }

  reset(options: { seed?: number; xInit?: number; yInit?: number } = {}): ResetResult<Float32Array> {
    if (options.seed !== undefined) this.rng = new NumpyGenerator(options.seed);
    this.rng ??= new NumpyGenerator(Math.floor(Math.random() * 2 ** 32));
    const high = [options.xInit ?? Math.PI, options.yInit ?? 1.0];
    for (let i = 0; i < 2; ++i) this.state[i] = this.rng.uniform(-high[i], high[i]);
    this.lastU = null;
    return { observation: this.observation(), info: {} };
  }

  step(action: Float32Array | ArrayLike<number>): StepResult<Float32Array> {
    if (action?.length !== 1 || !Number.isFinite(action[0]))
      throw new RangeError(`Pendulum: action must be one finite number in a Float32Array (Box(-2, 2, (1,))), got ${describe(action)}`);
    const P = PendulumEnv;
    const [th, thdot] = this.state;
    // The torque stays float32 in Gymnasium, so its two products are float32 operations.
    const u = Math.fround(Math.min(Math.max(Math.fround(action[0]), -P.maxTorque), P.maxTorque));
    this.lastU = u;
    const torqueCost = Math.fround(Math.fround(0.001) * Math.fround(u * u));
    const an = angleNormalize(th);
    const costs = an * an + 0.1 * (thdot * thdot) + torqueCost;
    const accel = ((3 * this.g) / (2 * P.l)) * Math.sin(th) + Math.fround((3.0 / (P.m * P.l * P.l)) * u);
    let newThdot = thdot + accel * P.dt;
    newThdot = Math.min(Math.max(newThdot, -P.maxSpeed), P.maxSpeed);
    this.state[0] = th + newThdot * P.dt;
    this.state[1] = newThdot;
    return { observation: this.observation(), reward: -costs, terminated: false, truncated: false, info: {} };
  }

  private observation(): Float32Array {
    const [theta, thetaDot] = this.state;
    return Float32Array.of(Math.cos(theta), Math.sin(theta), thetaDot);
  }

  /** 500x500 like Gymnasium's: the rod, its joint, and an arrow as long as the last torque. */
  render(): RgbFrame {
    const S = 500;
    const scale = S / (2.2 * 2);
    const offset = S / 2;
    const c = new Canvas(S, S);
    const red: [number, number, number] = [204, 77, 77];
    // Gymnasium draws with y up, the rod pointing along theta + pi/2, and flips the image at the end.
    const angle = this.state[0] + Math.PI / 2;
    const toScreen = (x: number, y: number): [number, number] => {
      const rx = x * Math.cos(angle) - y * Math.sin(angle), ry = x * Math.sin(angle) + y * Math.cos(angle);
      return [rx + offset, S - (ry + offset)];
    };
    const rodLength = scale, rodWidth = 0.2 * scale;
    c.polygon([toScreen(0, -rodWidth / 2), toScreen(0, rodWidth / 2), toScreen(rodLength, rodWidth / 2), toScreen(rodLength, -rodWidth / 2)], red);
    c.circle(offset, offset, Math.floor(rodWidth / 2), red);
    const [ex, ey] = toScreen(rodLength, 0);
    c.circle(Math.trunc(ex), Math.trunc(ey), Math.floor(rodWidth / 2), red);
    if (this.lastU !== null && this.lastU !== 0) this.torqueArrow(c, offset, (scale * Math.abs(this.lastU)) / 4, this.lastU > 0);
    c.circle(offset, offset, Math.floor(0.05 * scale), [0, 0, 0]);
    return c.frame();
  }

  /** A three-quarter arc around the joint with a head: counter-clockwise for positive torque. */
  private torqueArrow(c: Canvas, centre: number, radius: number, counterClockwise: boolean): void {
    const dark: [number, number, number] = [40, 40, 40];
    const thickness = Math.max(1.5, radius / 8);
    const sweep = 1.5 * Math.PI, start = Math.PI / 4;
    const n = Math.ceil(sweep * radius);
    // On screen (y down), angles grow clockwise; flip them for a counter-clockwise arrow.
    const at = (t: number): [number, number] => {
      const a = counterClockwise ? -(start + t) : start + t;
      return [centre + radius * Math.cos(a), centre + radius * Math.sin(a)];
    };
    for (let i = 0; i <= n; ++i) {
      const [x, y] = at((sweep * i) / n);
      c.circle(x, y, thickness / 2, dark);
    }
    const [hx, hy] = at(sweep);
    const [bx, by] = at(sweep - 0.01);
    const dx = hx - bx, dy = hy - by, len = Math.hypot(dx, dy) || 1;
    const ux = dx / len, uy = dy / len, h = thickness * 2.5;
    c.polygon([[hx + ux * h, hy + uy * h], [hx - uy * h, hy + ux * h], [hx + uy * h, hy - ux * h]], dark);
  }
}
