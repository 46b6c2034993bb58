// The wasm Cast of tfjs-backend-wasm 4.22 turns float32 into bool by integer
// truncation (0.5 -> false, -2 -> 254) instead of x != 0. Casts to bool run
// here; all other casts keep the package's kernel.
import * as tf from '@tensorflow/tfjs';
import { asWasm } from './wasm_backend.ts';

const WRAPPED = Symbol('castToBool');

export function isCastToBoolFix(config: tf.KernelConfig): boolean {
  return (config as unknown as Record<symbol, boolean>)[WRAPPED] === true;
}

export function withCastToBoolFix(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { dtype } = args.attrs as unknown as { dtype: tf.DataType };
    if (dtype !== 'bool' || x.dtype === 'bool' || x.dtype === 'string' || x.dtype === 'complex64') {
      return original.kernelFunc(args);
    }
    const backend = asWasm(args.backend);
    const out = backend.makeOutput([...x.shape], 'bool');
    const dst = backend.typedArrayFromHeap(out);
    const src = backend.typedArrayFromHeap(x);
    for (let i = 0; i < src.length; i++) dst[i] = src[i] !== 0 ? 1 : 0;
    return out;
  };
  const config: tf.KernelConfig = { ...original, kernelFunc };
  (config as unknown as Record<symbol, boolean>)[WRAPPED] = true;
  return config;
}
