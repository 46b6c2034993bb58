import { createRequire } from 'node:module';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../src/tf/backend.ts';
import { repoRoot } from '../src/native.ts';

const require = createRequire(import.meta.url);
const installed = (pkg: string) => { try { require.resolve(pkg); return true; } catch { return false; } };
const loads = async (pkg: string) => { try { await import(pkg); return true; } catch { return false; } };
const hasGpuNode = ['/dev/dri', '/dev'].some((d) => { try { return readdirSync(d).some((f) => /^(renderD|nvidia)\d+$/.test(f)); } catch { return false; } });
const onednnBuilt = existsSync(path.join(repoRoot, 'build', 'Release', 'atari_onednn.node'));

describe('backend choice', () => {
  it('rejects an unknown backend name, listing the choices', async () => {
    await expect(selectBackend('tpu')).rejects.toThrow(/unknown backend 'tpu': choose one of auto, tensorflow-gpu, webgpu, onednn, tensorflow, wasm, cpu/);
  });

  it.runIf(!installed('@tensorflow/tfjs-node'))('forcing tfjs-node where it is not installed says how to get it', async () => {
    await expect(selectBackend('tensorflow')).rejects.toThrow(/@tensorflow\/tfjs-node could not be loaded.*npm install @tensorflow\/tfjs-node.*--backend wasm/s);
  });

  it('auto takes the fastest that loads (tensorflow-gpu, onednn, tensorflow, wasm) and says which', async () => {
    const gpu = await loads('@tensorflow/tfjs-node-gpu');
    const info = await selectBackend('auto');
    const expected = gpu ? /^tensorflow-gpu$/ : onednnBuilt ? /^onednn$/ : (await loads('@tensorflow/tfjs-node')) ? /^tensorflow$/ : /^wasm$/;
    expect(info.name).toMatch(expected);
    expect(tf.getBackend()).toBe(info.tfName);
    expect(info.description).toMatch(/^backend: /);
    // No GPU here: auto passes over webgpu and says why, without starting a software Vulkan.
    if (!gpu && !hasGpuNode) expect(info.description).toMatch(/; webgpu: no GPU device on this machine/);
  });

  it('cpu can be forced', async () => {
    const info = await selectBackend('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(info.description).toMatch(/cpu/);
  });
});
