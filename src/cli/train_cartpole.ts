// npm run train:cartpole -- --algo dqn|reinforce|dqn-pixels|ppo|a2c [--flags]: the classic-control agents
// (ppo and a2c are train:control on CartPole-v1).
import { selectBackend, BACKENDS } from '../tf/backend.ts';
import { defaultCartPoleDqnConfig, evaluateGreedy, trainCartPoleDqn } from '../agents/cartpole_dqn.ts';
import { defaultReinforceConfig, trainReinforce } from '../agents/reinforce.ts';
import { defaultPixelDqnConfig, trainPixelDqn } from '../agents/cartpole_pixels_dqn.ts';
import { RunLogger } from '../logging/run.ts';
import { checkRelations, parseFlags, runCli, usage, UsageError, type FlagSpec } from './flags.ts';
import { cartPoleDqnRanges, cartPoleRelations, pixelDqnRanges, reinforceRanges } from './flag_rules.ts';
import { trainControl } from './train_control.ts';

const ALGOS = ['dqn', 'reinforce', 'dqn-pixels', 'ppo', 'a2c'] as const;
const extra = { algo: 'string', backend: 'string', 'run-name': 'string', 'runs-dir': 'string', quiet: 'boolean', help: 'boolean' } as const;
const specs = {
  dqn: { defaults: defaultCartPoleDqnConfig, ranges: cartPoleDqnRanges, relations: cartPoleRelations, extra },
  reinforce: { defaults: defaultReinforceConfig, ranges: reinforceRanges, extra },
  'dqn-pixels': { defaults: defaultPixelDqnConfig, ranges: pixelDqnRanges, relations: cartPoleRelations, extra },
} as const;

function algoOf(argv: string[]): (typeof ALGOS)[number] {
  const i = argv.findIndex((a) => a === '--algo' || a.startsWith('--algo='));
  const v = i < 0 ? 'dqn' : argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  if (!(ALGOS as readonly string[]).includes(v)) throw new UsageError(`--algo must be one of ${ALGOS.join(', ')}, got '${v}'`);
  return v as (typeof ALGOS)[number];
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const algo = algoOf(argv);
  if (algo === 'ppo' || algo === 'a2c') return trainControl(['--env', 'CartPole-v1', ...argv]);
  const spec = specs[algo] as unknown as FlagSpec<Record<string, number>>;
  const { config, extra: x } = parseFlags(argv, spec);
  if (x.help) return void console.log(usage(`npm run train:cartpole -- --algo ${algo}`, spec));
  checkRelations(spec, config);
  const backendName = String(x.backend ?? 'auto');
  if (!(BACKENDS as readonly string[]).includes(backendName)) throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, got '${backendName}'`);
  const backend = await selectBackend(backendName);
  const run = new RunLogger({ root: String(x['runs-dir'] ?? 'runs'), name: String(x['run-name'] ?? `cartpole-${algo}-${config.seed}-${Date.now()}`), quiet: x.quiet === true });
  run.log(`${backend.description}\nrun directory: ${run.dir}`);
  run.writeConfig({ algo, ...config, backend: backend.name });
  try {
    const mean = (a: number[]) => (a.length ? a.reduce((s, v) => s + v, 0) / a.length : NaN);
    if (algo === 'dqn') {
      const { best, returns } = await trainCartPoleDqn(config as never, run);
      const ev = await evaluateGreedy(best, 100, 1_000_000);
      run.metrics({ eval_mean_return: mean(ev) });
      run.log(`${returns.length} training episodes, last 100 mean ${mean(returns.slice(-100)).toFixed(1)}; greedy evaluation of the best checked policy over 100 episodes: ${mean(ev).toFixed(1)}`);
    } else if (algo === 'reinforce') {
      const { returns } = await trainReinforce(config as never, run);
      run.log(`${returns.length} episodes; first 50 mean ${mean(returns.slice(0, 50)).toFixed(1)}, last 50 mean ${mean(returns.slice(-50)).toFixed(1)}`);
    } else {
      const { returns } = await trainPixelDqn(config as never, run);
      run.log(`${returns.length} episodes; last 20 mean ${mean(returns.slice(-20)).toFixed(1)}`);
    }
  } finally {
    run.close();
  }
}

await runCli(main, () => `usage: npm run train:cartpole -- --algo ${ALGOS.join('|')} [flags]  (--help with an --algo lists its flags)`);
