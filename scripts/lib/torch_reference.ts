// Runs scripts/torch_reference.py with the first python3 that has torch (TORCH_PYTHON, then the
// python3 on PATH, then Debian's /usr/bin/python3), so a benchmark's ratio is against PyTorch
// measured in the same run on the same machine. null (with the reason) when there is none.
import { spawnSync } from 'node:child_process';
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
