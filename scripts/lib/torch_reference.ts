// Runs scripts/torch_reference.py with the first python3 that has torch (TORCH_PYTHON, then the
// python3 on PATH, then Debian's /usr/bin/python3), so a benchmark's ratio is against PyTorch
// measured in the same run on the same machine. null (with the reason) when there is none.
import { spawn, spawnSync } from 'node:child_process';
import readline from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'torch_reference.py');

function findPython(): string | undefined {
  const candidates = [process.env.TORCH_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => !!c);
  return candidates.find((py) => spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);
}

export interface TorchInfo { torch: string; threads: number; blas: string }

/** One line on the reference's set-up, with a warning where its BLAS makes the ratios flattering. */
export function describeTorch(t: TorchInfo): string {
  const blas = t.blas === 'reference'
    ? 'REFERENCE BLAS (about 4x slower than OpenBLAS: apt-get install libopenblas0-pthread; ratios against it are not meaningful)'
    : t.blas;
  return `PyTorch ${t.torch} CPU (${t.threads} thread${t.threads === 1 ? '' : 's'}, BLAS: ${blas})`;
}

export function torchReference<T>(what: 'dqn' | 'gan' | 'loop', args: string[]): { result?: T & TorchInfo; reason?: string } {
  const py = findPython();
  if (!py) return { reason: 'no python3 with torch found (apt-get install python3-torch, or set TORCH_PYTHON)' };
  const r = spawnSync(py, [script, what, ...args], { encoding: 'utf8' });
  if (r.status !== 0) return { reason: `torch_reference.py failed: ${(r.stderr || '').trim().split('\n').pop()}` };
  return { result: JSON.parse(r.stdout.trim().split('\n').pop()!) as T & TorchInfo };
}

/** A PyTorch process kept alive between requests (`dqn-serve`), so that its timed steps and ours can
 * take turns a few at a time and both sides meet the same spells of a busy machine. */
export interface TorchServer<T> { info: TorchInfo; request(k: number): Promise<T>; close(): void }

export async function torchServer<T>(what: 'dqn-serve', args: string[]): Promise<{ server?: TorchServer<T>; reason?: string }> {
  const py = findPython();
  if (!py) return { reason: 'no python3 with torch found (apt-get install python3-torch, or set TORCH_PYTHON)' };
  const child = spawn(py, [script, what, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const waiting: ((line: string | undefined) => void)[] = [];
  const lines = readline.createInterface({ input: child.stdout });
  lines.on('line', (line) => waiting.shift()?.(line));
  child.on('close', () => { for (const w of waiting.splice(0)) w(undefined); });
  const next = () => new Promise<string | undefined>((resolve) => waiting.push(resolve));
  const fail = () => new Error(`torch_reference.py ${what} stopped: ${stderr.trim().split('\n').pop() ?? 'no message'}`);
  const first = await next();
  if (first === undefined) return { reason: fail().message };
  return {
    server: {
      info: JSON.parse(first) as TorchInfo,
      async request(k) {
        const reply = next();
        child.stdin.write(`${k}\n`);
        const line = await reply;
        if (line === undefined) throw fail();
        return JSON.parse(line) as T;
      },
      close: () => child.stdin.end(),
    },
  };
}
