/**
 * The original tool's design as a baseline: scoring in plain JavaScript,
 * one pass per row — max, Σexp, Σ p·log p for the entropy, a count of
 * larger logits for the rank, and a small insertion-sorted top-k.  Written
 * to be as fast as straightforward JavaScript gets, so the comparison with
 * the onnxruntime statistics graph is fair.
 */
export function jsScoreRow(
  logits: Float32Array,
  off: number,
  V: number,
  target: number,
  k: number,
  topIds: Int32Array,
  topVals: Float32Array,
): { logprob: number; rank: number; entropy: number } {
  let max = -Infinity;
  for (let i = 0; i < V; i++) if (logits[off + i] > max) max = logits[off + i];
  let z = 0;
  let zx = 0;
  const t = logits[off + target];
  let above = 0;
  let filled = 0;
  for (let i = 0; i < V; i++) {
    const x = logits[off + i];
    const e = Math.exp(x - max);
    z += e;
    zx += e * (x - max);
    if (x > t) above++;
    if (filled < k || x > topVals[k - 1]) {
      let j = filled < k ? filled++ : k - 1;
      while (j > 0 && topVals[j - 1] < x) {
        topVals[j] = topVals[j - 1];
        topIds[j] = topIds[j - 1];
        j--;
      }
      topVals[j] = x;
      topIds[j] = i;
    }
  }
  const logZ = Math.log(z);
  return { logprob: t - max - logZ, rank: above + 1, entropy: logZ - zx / z };
}
