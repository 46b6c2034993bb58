// Per-kernel time of whatever runs on a backend: every registered kernel of the backend is wrapped
// with a timer (synchronous backends only: cpu, onednn, wasm), wall clock and this process's CPU
// time (all threads; on a busy machine, with one thread, the steadier of the two). `report()`
// lists kernels by total wall time. Used by `bench:dqn -- --profile` and `bench:gan -- --profile`.
import * as tf from '@tensorflow/tfjs';

export interface KernelProfile {
  reset(): void;
  report(top?: number): string;
}

export function profileKernels(backendName: string): KernelProfile {
  const total = new Map<string, { ms: number; cpu: number; calls: number }>();
  for (const k of tf.getKernelsForBackend(backendName)) {
    const inner = k.kernelFunc;
    tf.unregisterKernel(k.kernelName, backendName);
    tf.registerKernel({
      ...k,
      kernelFunc: ((args: Parameters<tf.KernelFunc>[0]) => {
        const t = performance.now();
        const c = process.cpuUsage();
        const out = inner(args);
        const e = total.get(k.kernelName) ?? { ms: 0, cpu: 0, calls: 0 };
        e.ms += performance.now() - t;
        const used = process.cpuUsage(c);
        e.cpu += (used.user + used.system) / 1000;
        e.calls++;
        total.set(k.kernelName, e);
        return out;
      }) as tf.KernelFunc,
    });
  }
  return {
    reset: () => total.clear(),
    report(top = 25) {
      const rows = [...total].sort((a, b) => b[1].ms - a[1].ms);
      const sum = rows.reduce((s, [, v]) => s + v.ms, 0);
      const cpu = rows.reduce((s, [, v]) => s + v.cpu, 0);
      return `  ${'kernel'.padEnd(24)} ${'wall'.padStart(12)} ${'share'.padStart(6)} ${'cpu'.padStart(12)} ${'calls'.padStart(7)}\n` +
        rows.slice(0, top).map(([name, v]) =>
          `  ${name.padEnd(24)} ${v.ms.toFixed(1).padStart(9)} ms ${(100 * v.ms / sum).toFixed(1).padStart(5)}% ${v.cpu.toFixed(1).padStart(9)} ms ${String(v.calls).padStart(7)}`).join('\n') +
        `\n  ${'all kernels'.padEnd(24)} ${sum.toFixed(1).padStart(9)} ms        ${cpu.toFixed(1).padStart(9)} ms`;
    },
  };
}
