// MountainCar with Gymnasium's dynamics: an underpowered car must rock back and forth to reach
// the flag at position 0.5. Reward -1 per step.
import { Env, type RgbFrame, type ResetResult, type StepResult } from '../core.ts';
import { Rng } from '../rng.ts';
import { Box, Discrete } from '../spaces.ts';
import { Canvas } from './raster.ts';

export class MountainCarEnv extends Env<Float32Array, number> {
  static readonly minPosition = -1.2;
  static readonly maxPosition = 0.6;
  static readonly maxSpeed = 0.07;
  static readonly goalPosition = 0.5;
  static readonly goalVelocity = 0;
  static readonly force = 0.001;
  static readonly gravity = 0.0025;

  readonly actionSpace = new Discrete(3);
  readonly renderFps = 30;
  readonly observationSpace = new Box([-1.2, -0.07], [0.6, 0.07], [2], 'float32');
  /** position, velocity. */
  state = new Float64Array(2);
  private rng = new Rng();

  reset(options: { seed?: number } = {}): ResetResult<Float32Array> {
    if (options.seed !== undefined) this.rng.seed(options.seed);
    this.state[0] = this.rng.uniform(-0.6, -0.4);
    this.state[1] = 0;
    return { observation: Float32Array.from(this.state), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    if (!this.actionSpace.contains(action)) throw new RangeError(`MountainCar: action must be 0, 1 or 2, got ${action}`);
    const M = MountainCarEnv;
    let [position, velocity] = this.state;
    velocity += (action - 1) * M.force + Math.cos(3 * position) * -M.gravity;
    velocity = Math.min(Math.max(velocity, -M.maxSpeed), M.maxSpeed);
    position += velocity;
    position = Math.min(Math.max(position, M.minPosition), M.maxPosition);
    if (position === M.minPosition && velocity < 0) velocity = 0;
    this.state[0] = position;
    this.state[1] = velocity;
    const terminated = position >= M.goalPosition && velocity >= M.goalVelocity;
    return { observation: Float32Array.from(this.state), reward: -1.0, terminated, truncated: false, info: {} };
  }

  render(): RgbFrame {
    return drawMountainCar(this.state[0], MountainCarEnv.goalPosition);
  }
}

const height = (xs: number) => Math.sin(3 * xs) * 0.45 + 0.55;

/** The 600x400 picture of both MountainCar envs: the hill, the car at `position`, the flag at `goal`. */
export function drawMountainCar(position: number, goal: number): RgbFrame {
  const W = 600, H = 400;
  const minPosition = -1.2, maxPosition = 0.6;
  const scale = W / (maxPosition - minPosition);
  const c = new Canvas(W, H);
  const toScreen = (px: number, py: number): [number, number] => [px, H - py];
  let prev: [number, number] | null = null;
  for (let i = 0; i <= 100; ++i) {
    const xs = minPosition + ((maxPosition - minPosition) * i) / 100;
    const p = toScreen((xs - minPosition) * scale, height(xs) * scale);
    if (prev) c.line(prev[0], prev[1], p[0], p[1], [0, 0, 0]);
    prev = p;
  }
  const clearance = 10, carWidth = 40, carHeight = 20;
  const angle = Math.cos(3 * position);
  const body: [number, number][] = [[-carWidth / 2, 0], [-carWidth / 2, carHeight], [carWidth / 2, carHeight], [carWidth / 2, 0]];
  const cx = (position - minPosition) * scale, cy = clearance + height(position) * scale;
  const rot = ([px, py]: [number, number]): [number, number] =>
    toScreen(px * Math.cos(angle) - py * Math.sin(angle) + cx, px * Math.sin(angle) + py * Math.cos(angle) + cy);
  c.polygon(body.map(rot), [0, 0, 0]);
  for (const wx of [carWidth / 4, -carWidth / 4]) {
    const [wxs, wys] = rot([wx, 0]);
    c.circle(wxs, wys, carHeight / 2.5, [128, 128, 128]);
  }
  const flagX = (goal - minPosition) * scale;
  const flagY1 = height(goal) * scale, flagY2 = flagY1 + 50;
  c.line(flagX, H - flagY1, flagX, H - flagY2, [0, 0, 0]);
  c.polygon([toScreen(flagX, flagY2), toScreen(flagX, flagY2 - 10), toScreen(flagX + 25, flagY2 - 5)], [204, 204, 0]);
  return c.frame();
}
