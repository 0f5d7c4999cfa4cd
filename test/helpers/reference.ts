/**
 * Plain reference computations for the scoring tests: a full softmax in
 * float64 and a full sort, written as directly as possible so that a
 * mistake in lmdiff's vectorised path cannot hide in shared code.
 */
export interface RefScore {
  prob: number;
  logprob: number;
  rank: number;
  entropy: number;
  topk: { id: number; prob: number }[];
}

export function referenceScore(logits: ArrayLike<number>, target: number, k: number): RefScore {
  const V = logits.length;
  let max = -Infinity;
  for (let i = 0; i < V; i++) max = Math.max(max, logits[i]);
  let z = 0;
  for (let i = 0; i < V; i++) z += Math.exp(logits[i] - max);
  const logZ = max + Math.log(z);
  const p = Array.from({ length: V }, (_, i) => Math.exp(logits[i] - logZ));
  let entropy = 0;
  for (let i = 0; i < V; i++) if (p[i] > 0) entropy -= p[i] * Math.log(p[i]);
  // Rank by full sort: 1 + the number of entries with a strictly larger logit.
  const order = Array.from({ length: V }, (_, i) => i).sort((a, b) => logits[b] - logits[a] || a - b);
  let rank = 1;
  for (const i of order) {
    if (logits[i] > logits[target]) rank++;
    else break;
  }
  return {
    prob: p[target],
    logprob: logits[target] - logZ,
    rank,
    entropy,
    topk: order.slice(0, k).map((id) => ({ id, prob: p[id] })),
  };
}
