// Game ids ('breakout') to Gymnasium-style env ids ('BreakoutNoFrameskip-v4').
export function atariName(game: string): string {
  return game.split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

export function atariEnvId(game: string, version: 'NoFrameskip-v4' | 'v5' = 'NoFrameskip-v4'): string {
  return version === 'v5' ? `ALE/${atariName(game)}-v5` : `${atariName(game)}NoFrameskip-v4`;
}
