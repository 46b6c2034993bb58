// Exploration schedules: epsilon as a function of the global step.

/** From `start` to `end` linearly over `duration` steps, then constant (CleanRL's linear_schedule). */
export function linearSchedule(start: number, end: number, duration: number): (step: number) => number {
  return (step) => {
    if (duration <= 0) return end;
    const slope = (end - start) / duration;
    return Math.max(slope * step + start, Math.min(start, end));
  };
}

/** end + (start - end) * exp(-step / decay), the PyTorch DQN tutorial's schedule. */
export function exponentialSchedule(start: number, end: number, decay: number): (step: number) => number {
  return (step) => end + (start - end) * Math.exp(-step / decay);
}
