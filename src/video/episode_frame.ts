// The picture of one video frame for rendered episodes: a banner with the episode and score
// above the game, optionally the agent's stacked input beside it, all upscaled together.
import type { RgbFrame } from '../env/core.ts';
import { blank, blit, drawText, stackTiles, upscale } from './overlay.ts';

/** Banner height in unscaled pixels: the 7-row font with margins (even, so heights stay even). */
export const BANNER = 10;
/** Gap between the game and the agent's view, unscaled. */
export const AGENT_GAP = 5;

export interface AgentStack {
  frames: Uint8Array;
  k: number;
  size: number;
}

export function episodeFrame(game: RgbFrame, label: string, scale: number, agent?: AgentStack | null): RgbFrame {
  const tiles = agent ? stackTiles(agent.frames, agent.k, agent.size) : null;
  const width = game.width + (tiles ? AGENT_GAP + tiles.width : 0);
  const height = BANNER + Math.max(game.height, tiles?.height ?? 0);
  const canvas = blank(width, height);
  drawText(canvas, label, 2, 2);
  blit(canvas, game, 0, BANNER);
  if (tiles) {
    drawText(canvas, 'AGENT VIEW', game.width + AGENT_GAP, 2, 1, [160, 160, 160]);
    blit(canvas, tiles, game.width + AGENT_GAP, BANNER);
  }
  return upscale(canvas, scale);
}

export function episodeLabel(episode: number, score: number): string {
  return `EP ${episode}  SCORE ${score}`;
}
