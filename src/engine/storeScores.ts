import type { TokenScores } from "../core/measures.js";
import { int64Words } from "./int64.js";
import type { ModelKind } from "./Model.js";
import type { Row } from "./Row.js";
import type { StatsResult } from "./Stats.js";

/** Zeroed scores for a text of n tokens with top-k lists of k; `bounds`: with entropy bounds (remote scoring). */
export function emptyScores(n: number, k: number, bounds = false): TokenScores {
  return {
    ...(bounds ? { entropyBounds: { lower: new Float32Array(n), upper: new Float32Array(n) } } : {}),
    prob: new Float32Array(n),
    logprob: new Float32Array(n),
    rank: new Int32Array(n),
    entropy: new Float32Array(n),
    topkIds: new Int32Array(n * k),
    topkProbs: new Float32Array(n * k),
  };
}

/**
 * Store the statistics of one scored batch into the scores of its texts
 * (`out`, one TokenScores per doc) and return the number of tokens
 * stored.  The statistics rows are laid out as batchScoreJob built them:
 * one per row for masked models, one per (row, position) for causal ones,
 * of which only positions [from, to] are the row's to store.
 */
export function storeScores(out: TokenScores[], kind: ModelKind, batch: readonly Row[], s: StatsResult, k: number): number {
  const T = batch[0].input.length;
  const ids = int64Words(s.topkIds);
  let stored = 0;
  for (let r = 0; r < batch.length; r++) {
    const row = batch[r];
    const dst = out[row.doc];
    if (kind === "masked") {
      put(dst, row.to, s, ids, r, k);
      stored++;
    } else {
      for (let t = row.from; t <= row.to; t++) put(dst, t - 1, s, ids, r * T + (t - row.offset - 1), k);
      stored += row.to - row.from + 1;
    }
  }
  return stored;
}

/** Store statistics row `row` as token i; `ids` are the 32-bit words of s.topkIds (see int64). */
function put(dst: TokenScores, i: number, s: StatsResult, ids: Int32Array, row: number, k: number) {
  const lp = s.logprob[row];
  dst.logprob[i] = lp;
  dst.prob[i] = Math.exp(lp);
  dst.rank[i] = s.above[row] + 1;
  dst.entropy[i] = s.entropy[row]!;
  for (let j = 0; j < k; j++) {
    dst.topkIds[i * k + j] = ids[2 * (row * k + j)]!;
    dst.topkProbs[i * k + j] = Math.exp(s.topkLogprob[row * k + j]);
  }
}
