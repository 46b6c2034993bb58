// MountainCarContinuous-v0 with Gymnasium's dynamics: the car of MountainCar pushed by a force
// in [-1, 1] (actions beyond it are clipped), reaching the flag at 0.45 pays +100, and each step
// costs 0.1 * action^2 of the action as given (unclipped, as Gymnasium charges it).
// The arithmetic follows Gymnasium's NumPy types (see numpy_scalars.ts), so trajectories match
// Gymnasium's bit for bit; reset states come from NumPy's generator for the same seed.
import { Env, type RgbFrame, type ResetResult, type StepResult } from '../core.ts';
import { NumpyGenerator } from '../np_random.ts';
import { Box } from '../spaces.ts';
import { drawMountainCar } from './mountain_car.ts';
import { add, eq, f32, f64, ge, gt, lt, mul, py, pyMax, pyMin, sub, type Scalar } from './numpy_scalars.ts';

export class MountainCarContinuousEnv extends Env<Float32Array, Float32Array> {
  static readonly minAction = -1.0;
  static readonly maxAction = 1.0;
  static readonly minPosition = -1.2;
  static readonly maxPosition = 0.6;
  static readonly maxSpeed = 0.07;
  static readonly goalPosition = 0.45;
  static readonly power = 0.0015;

  readonly actionSpace = new Box(-1, 1, [1], 'float32');
  readonly observationSpace = new Box([-1.2, -0.07], [0.6, 0.07], [2], 'float32');
  readonly renderFps = 30;
  /** position, velocity (float64 right after a reset, float32 after a step, as in Gymnasium). */
  private position: Scalar = f64(0);
  private velocity: Scalar = f64(0);
  private rng: NumpyGenerator | undefined;

  constructor(readonly goalVelocity = 0) {
    super();
  }

  /** The current [position, velocity]. */
  get state(): [number, number] {
    return [this.position.v, this.velocity.v];
  }

  /** Puts the car somewhere (tests, demonstrations); the next step computes in float32 from it. */
  setState(position: number, velocity: number): void {
    this.position = f32(position);
    this.velocity = f32(velocity);
  }

  reset(options: { seed?: number; low?: number; high?: number } = {}): ResetResult<Float32Array> {
    if (options.seed !== undefined) this.rng = new NumpyGenerator(options.seed);
    this.rng ??= new NumpyGenerator(Math.floor(Math.random() * 2 ** 32));
    const low = options.low ?? -0.6, high = options.high ?? -0.4;
    if (!(low <= high)) throw new RangeError(`MountainCarContinuous: reset low (${low}) must not exceed high (${high})`);
    this.position = f64(this.rng.uniform(low, high));
    this.velocity = f64(0);
    return { observation: this.observation(), info: {} };
  }

  step(action: Float32Array | ArrayLike<number>): StepResult<Float32Array> {
    if (action?.length !== 1 || !Number.isFinite(action[0]))
      throw new RangeError(`MountainCarContinuous: action must be one finite number in a Float32Array (Box(-1, 1, (1,))), got ${describe(action)}`);
    const M = MountainCarContinuousEnv;
    const a = f32(action[0]);
    const force = pyMin(pyMax(a, py(M.minAction)), py(M.maxAction));
    let position = this.position;
    let velocity = this.velocity;
    const slope = py(0.0025 * Math.cos(mul(py(3), position).v));
    velocity = add(velocity, sub(mul(force, py(M.power)), slope));
    if (gt(velocity, py(M.maxSpeed))) velocity = py(M.maxSpeed);
    if (lt(velocity, py(-M.maxSpeed))) velocity = py(-M.maxSpeed);
    position = add(position, velocity);
    if (gt(position, py(M.maxPosition))) position = py(M.maxPosition);
    if (lt(position, py(M.minPosition))) position = py(M.minPosition);
    if (eq(position, py(M.minPosition)) && lt(velocity, py(0))) velocity = py(0);
    const terminated = ge(position, py(M.goalPosition)) && ge(velocity, py(this.goalVelocity));
    const reward = (terminated ? 100.0 : 0) - a.v * a.v * 0.1;
    this.position = f32(position.v);
    this.velocity = f32(velocity.v);
    return { observation: this.observation(), reward, terminated, truncated: false, info: {} };
  }

  render(): RgbFrame {
    return drawMountainCar(this.position.v, MountainCarContinuousEnv.goalPosition);
  }

  private observation(): Float32Array {
    return Float32Array.of(this.position.v, this.velocity.v);
  }
}

export function describe(action: unknown): string {
  if (action === null || action === undefined) return String(action);
  if (typeof action === 'number') return `the number ${action} (wrap it: Float32Array.of(${action}))`;
  if (typeof (action as ArrayLike<number>).length === 'number') return `[${Array.from(action as ArrayLike<number>).join(', ')}]`;
  return typeof action;
}
