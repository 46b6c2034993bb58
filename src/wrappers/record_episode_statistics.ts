// Adds info.episode = { r, l, t } at the end of each episode: the return of the rewards this
// wrapper sees (put it inside reward clipping to report the raw score), the length and the time.
import { Wrapper, type ResetResult, type StepResult } from '../env/core.ts';

export class RecordEpisodeStatistics<Obs, Act> extends Wrapper<Obs, Act> {
  private ret = 0;
  private len = 0;
  private start = Date.now();
  reset(options?: { seed?: number }): ResetResult<Obs> {
    this.ret = 0;
    this.len = 0;
    this.start = Date.now();
    return this.env.reset(options);
  }
  step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    this.ret += r.reward;
    this.len++;
    if (r.terminated || r.truncated) {
      return { ...r, info: { ...r.info, episode: { r: this.ret, l: this.len, t: (Date.now() - this.start) / 1000 } } };
    }
    return r;
  }
}
