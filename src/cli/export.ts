// npm run export -- RUN_DIR --out DIR: a trained agent small enough to share or commit. The policy
// network of the run's newest intact checkpoint (no target network, optimizer or replay memory),
// the run's config and metrics and its learning curve, in a verified folder that
// `npm run render -- --checkpoint DIR` plays.
import fs from 'node:fs';
import path from 'node:path';
import { writeDirAtomic } from '../io/atomic.ts';
import { COMPLETE_FILE, resolveCheckpointArg, writeManifest } from '../io/checkpoint_manifest.ts';
import { readRunCurve, writeLearningCurvePng } from '../logging/learning_curve.ts';
import { runCli, UsageError } from './flags.ts';

const USAGE = `usage: npm run export -- RUN_DIR --out DIR
  RUN_DIR     a DQN, PPO or A2C run directory (its newest intact checkpoint), or one checkpoint of it
  --out DIR   the folder to write (replaced if it exists)`;

// DQN checkpoints keep the acting network in online/, the actor-critic agents in agent/.
const POLICY_FOLDERS = ['online', 'agent'];

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) {
    console.log(USAGE);
    return;
  }
  let out: string | undefined;
  const dirs: string[] = [];
  for (let i = 0; i < argv.length; ++i) {
    if (argv[i] === '--out') {
      out = argv[++i];
      if (out === undefined) throw new UsageError('--out needs a folder');
    } else if (argv[i].startsWith('--')) throw new UsageError(`unknown flag ${argv[i]}`);
    else dirs.push(argv[i]);
  }
  if (dirs.length !== 1) throw new UsageError('name one run directory');
  if (!out) throw new UsageError('--out DIR is required');
  const arg = dirs[0];
  const policyIn = (d: string) => POLICY_FOLDERS.find((f) => fs.existsSync(path.join(d, f, 'model.json')));
  const choice = resolveCheckpointArg(arg, (d) => policyIn(d) !== undefined, { strict: true });
  for (const w of choice.warnings) console.error(w);
  const ckpt = choice.dir;
  const folder = policyIn(ckpt);
  if (!folder) throw new Error(`${ckpt} holds no policy network (${POLICY_FOLDERS.map((f) => `${f}/model.json`).join(' or ')})`);
  // A checkpoint folder lives in RUN/checkpoints/; a run directory is the run.
  const runDir = fs.existsSync(path.join(arg, 'config.json')) ? arg : path.join(ckpt, '..', '..');
  const config = path.join(runDir, 'config.json');
  if (!fs.existsSync(config)) throw new Error(`${runDir} has no config.json: export needs the run the checkpoint belongs to`);
  if (path.resolve(out) === path.resolve(runDir)) throw new UsageError('--out must not be the run directory itself', false);
  const curve = readRunCurve(runDir);

  const state = JSON.parse(fs.readFileSync(path.join(ckpt, 'state.json'), 'utf8')) as { step?: number; globalStep?: number };
  const step = state.step ?? state.globalStep;
  await writeDirAtomic(out, async (tmp) => {
    fs.cpSync(path.join(ckpt, folder), path.join(tmp, folder), { recursive: true });
    fs.copyFileSync(config, path.join(tmp, 'config.json'));
    const metrics = path.join(runDir, 'metrics.jsonl');
    if (fs.existsSync(metrics)) fs.copyFileSync(metrics, path.join(tmp, 'metrics.jsonl'));
    if (curve.episodes.length || curve.evals.length) await writeLearningCurvePng([curve], path.join(tmp, 'learning-curve.png'), { title: `${path.basename(path.resolve(runDir))} EPISODIC RETURN` });
    fs.writeFileSync(path.join(tmp, 'exported.json'), JSON.stringify({ run: path.basename(path.resolve(runDir)), checkpoint: path.basename(ckpt), step }, null, 2) + '\n');
    writeManifest(tmp);
    fs.writeFileSync(path.join(tmp, COMPLETE_FILE), 'export\n');
  });
  const bytes = fs.readdirSync(path.join(out, folder)).reduce((s, f) => s + fs.statSync(path.join(out!, folder, f)).size, 0);
  console.log(`wrote ${out}: the ${folder} network of ${path.basename(ckpt)} (step ${step}, ${(bytes / 2 ** 20).toFixed(1)} MiB), config.json, metrics.jsonl, learning-curve.png`);
}

await runCli(main, () => USAGE);
