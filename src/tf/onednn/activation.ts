// tfjs's fused activations as the codes the native kernels take (native/tf/onednn_conv.cc).
// Those oneDNN has no post-op for here (prelu: it needs its own weights) return undefined.
export function activationCode(activation: string | undefined | null): number | undefined {
  switch (activation ?? 'linear') {
    case 'linear': return 0;
    case 'relu': return 1;
    case 'relu6': return 2;
    case 'elu': return 3;
    case 'leakyrelu': return 4;
    case 'sigmoid': return 5;
    default: return undefined;
  }
}
