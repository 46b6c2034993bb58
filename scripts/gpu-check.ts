// npm run gpu:check [-- --software]: which GPU backends load here (webgpu with its adapter,
// tensorflow-gpu with the reason it does not), then on each that does bench:dqn, bench:gan and a
// short train:breakout, each beside the CPU backend auto picks, so the ratios come from one run.
// A software Vulkan adapter counts only with --software (it is a real device, but slower than the CPUs).
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { mayHaveGpu, selectBackend } from '../src/tf/backend.ts';
import { adapterLine, probeWebgpu } from '../src/tf/webgpu.ts';
import { parseFlags, runCli, usage } from '../src/cli/flags.ts';
import { repoRoot } from '../src/native.ts';

const spec = { defaults: { software: false, trainSteps: 3000, help: false }, ranges: { trainSteps: { integer: true, min: 1500 } } };
const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');

async function webgpuStatus(software: boolean): Promise<{ ok: boolean; line: string }> {
  if (!mayHaveGpu() && !software) return { ok: false, line: 'no GPU device node (/dev/dri/renderD*, /dev/nvidia*); --software tries a software Vulkan' };
  try {
    const { info } = await probeWebgpu();
    if (info.software && !software) return { ok: false, line: `only a software adapter: ${adapterLine(info)}; --software measures it anyway` };
    return { ok: true, line: `adapter ${adapterLine(info)}` };
  } catch (e) {
    return { ok: false, line: (e as Error).message.split('\n')[0] };
  }
}

async function tensorflowGpuStatus(): Promise<{ ok: boolean; line: string }> {
  try {
    await selectBackend('tensorflow-gpu');
    return { ok: true, line: 'loads (CUDA)' };
  } catch (e) {
    return { ok: false, line: (e as Error).message.split('\n')[0] };
  }
}

/** A script as a child process, its output passed through. */
function passThrough(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(tsx, args, { cwd: repoRoot, stdio: 'inherit' });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

/** train:breakout's agent steps per second on one backend (learning from a third of the way in). */
async function trainRate(backend: string, steps: number): Promise<string> {
  const runs = fs.mkdtempSync(path.join(os.tmpdir(), 'gpu-check-'));
  try {
    const { stdout, stderr } = await promisify(execFile)(tsx, ['src/cli/train.ts', '--game', 'breakout', '--backend', backend, '--total-steps', String(steps),
      '--learning-starts', String(Math.floor(steps / 3)), '--buffer-size', '10000', '--eval-episodes', '0', '--eval-videos', '0', '--checkpoint-frequency', '0',
      '--runs-dir', runs], { cwd: repoRoot, maxBuffer: 1 << 24 });
    const m = /\(([\d.]+) steps\/s\)/.exec(stdout + stderr);
    return m ? m[1] : 'n/a';
  } catch (e) {
    return `failed: ${((e as { stderr?: string }).stderr ?? (e as Error).message).trim().split('\n').pop()}`;
  } finally {
    fs.rmSync(runs, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { config: o } = parseFlags(process.argv.slice(2), spec);
  if (o.help) return void console.log(usage('npm run gpu:check --', spec));
  const cpu = (await selectBackend('auto')).name;
  const status = { webgpu: await webgpuStatus(o.software), 'tensorflow-gpu': await tensorflowGpuStatus() };
  for (const [name, s] of Object.entries(status)) console.log(`${name}: ${s.ok ? '' : 'not used: '}${s.line}`);
  const gpus = Object.entries(status).filter(([, s]) => s.ok).map(([name]) => name);
  if (!gpus.length) return void console.log(`no GPU backend loads here; the learner runs on ${cpu}`);
  for (const gpu of gpus) {
    console.log(`\n== ${gpu} against ${cpu}`);
    await passThrough(['scripts/bench-dqn.ts', '--backends', `${gpu},${cpu}`, '--reps', '5', '--agent-steps', '0']);
    await passThrough(['scripts/bench-gan.ts', '--backends', `${gpu},${cpu}`, '--iterations', '2']);
    const [g, c] = [await trainRate(gpu, o.trainSteps), await trainRate(cpu, o.trainSteps)];
    const ratio = Number.isFinite(Number(g)) && Number.isFinite(Number(c)) ? ` (${(Number(g) / Number(c)).toFixed(2)}x)` : '';
    console.log(`train:breakout, ${o.trainSteps} steps: ${gpu} ${g} agent steps/s, ${cpu} ${c}${ratio}`);
  }
}

await runCli(main, () => usage('npm run gpu:check --', spec));
