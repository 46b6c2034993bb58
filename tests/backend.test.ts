import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../src/tf/backend.ts';

const require = createRequire(import.meta.url);
const installed = (pkg: string) => { try { require.resolve(pkg); return true; } catch { return false; } };

describe('backend choice', () => {
  it('rejects an unknown backend name, listing the choices', async () => {
    await expect(selectBackend('tpu')).rejects.toThrow(/unknown backend 'tpu': choose one of auto, tensorflow-gpu, tensorflow, wasm, cpu/);
  });

  it.runIf(!installed('@tensorflow/tfjs-node'))('forcing tfjs-node where it is not installed says how to get it', async () => {
    await expect(selectBackend('tensorflow')).rejects.toThrow(/@tensorflow\/tfjs-node could not be loaded.*npm install @tensorflow\/tfjs-node.*--backend wasm/s);
  });

  it('auto takes the fastest that loads (wasm where tfjs-node is absent) and says which', async () => {
    const info = await selectBackend('auto');
    const expected = installed('@tensorflow/tfjs-node-gpu') || installed('@tensorflow/tfjs-node') ? /tensorflow/ : /^wasm$/;
    expect(info.name).toMatch(expected);
    expect(tf.getBackend()).toBe(info.tfName);
    expect(info.description).toMatch(/^backend: /);
  });

  it('cpu can be forced', async () => {
    const info = await selectBackend('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(info.description).toMatch(/cpu/);
  });
});
