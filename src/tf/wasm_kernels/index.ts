// Kernels for the wasm backend (@tensorflow/tfjs-backend-wasm 4.22) that training conv nets needs:
// ones it lacks (Conv2DBackpropFilter, UnsortedSegmentSum), ones it gets wrong (GatherV2 with
// batchDims, Cast to bool) and ones it runs slowly (transposed BatchMatMul, Conv2DBackpropInput,
// Tile, Transpose, whole-tensor Slice). Safe to call more than once.
import * as tf from '@tensorflow/tfjs';
import { conv2dBackpropFilterConfig } from './conv2d_backprop_filter.ts';
import { isBackpropInputViaMatMul, withBackpropInputViaMatMul } from './conv2d_backprop_input.ts';
import { unsortedSegmentSumConfig } from './unsorted_segment_sum.ts';
import { isCastToBoolFix, withCastToBoolFix } from './cast_to_bool.ts';
import { isTransposeFastPath, withTransposeFastPath } from './batch_mat_mul_transposed.ts';
import { isBatchedGatherFix, withBatchedGatherFix } from './gather_v2_batched.ts';
import { isTileByBlocks, withTileByBlocks } from './tile.ts';
import { isBlockTranspose, isSliceShare, withBlockTranspose, withSliceShare } from './transpose_blocks.ts';

const ADDED: tf.KernelConfig[] = [conv2dBackpropFilterConfig, unsortedSegmentSumConfig];

/** Registers the kernels; returns the names of those it changed. */
export function registerWasmTrainingKernels(): string[] {
  const done: string[] = [];
  for (const k of ADDED) {
    if (tf.getKernel(k.kernelName, 'wasm')) continue; // a future wasm release may ship its own
    tf.registerKernel(k);
    done.push(k.kernelName);
  }
  if (wrap(tf.Conv2DBackpropInput, isBackpropInputViaMatMul, withBackpropInputViaMatMul)) done.push(tf.Conv2DBackpropInput);
  if (wrap(tf.BatchMatMul, isTransposeFastPath, withTransposeFastPath)) done.push(tf.BatchMatMul);
  if (wrap(tf.GatherV2, isBatchedGatherFix, withBatchedGatherFix)) done.push(tf.GatherV2);
  if (wrap(tf.Tile, isTileByBlocks, withTileByBlocks)) done.push(tf.Tile);
  if (wrap(tf.Cast, isCastToBoolFix, withCastToBoolFix)) done.push(tf.Cast);
  if (wrap(tf.Transpose, isBlockTranspose, withBlockTranspose)) done.push(tf.Transpose);
  if (wrap(tf.Slice, isSliceShare, withSliceShare)) done.push(tf.Slice);
  return done;
}

/** Replaces a package kernel by a wrapper that still delegates to it for the cases it handles well. */
function wrap(name: string, isWrapped: (c: tf.KernelConfig) => boolean, wrapper: (original: tf.KernelConfig) => tf.KernelConfig): boolean {
  const original = tf.getKernel(name, 'wasm');
  if (!original || isWrapped(original)) return false;
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel(wrapper(original));
  return true;
}
