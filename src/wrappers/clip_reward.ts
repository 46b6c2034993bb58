// Reward clipping to its sign (-1, 0, +1), as the DeepMind pipeline does.
import { RewardWrapper } from '../env/core.ts';

export class ClipReward<Obs, Act> extends RewardWrapper<Obs, Act> {
  reward(r: number): number {
    return Math.sign(r);
  }
}
