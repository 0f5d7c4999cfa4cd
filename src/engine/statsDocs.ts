import type { StatsDoc } from "../core/pairStatistics.js";
import type { AnalysisCache } from "./AnalysisCache.js";
import { docPair } from "./compareCaches.js";
import type { PairCache } from "./PairCache.js";

/**
 * The per-text inputs of pairStatistics from two caches (and, where there
 * is one, the pair cache lined up with them): views of the caches' columns,
 * plus same-top-1 flags from the first entries of the top-k lists.
 */
export function statsDocs(a: AnalysisCache, b: AnalysisCache, pair: { cache: PairCache; swapped: boolean } | null): StatsDoc[] {
  const [k1, k2] = [a.meta.topK, b.meta.topK];
  return Array.from({ length: a.meta.nDocs }, (_, d) => {
    const da = a.docScores(d);
    const db = b.docScores(d);
    const n = da.ids.length;
    const top1Agree = new Uint8Array(n);
    for (let i = 0; i < n; i++) top1Agree[i] = da.scores.topkIds[i * k1] === db.scores.topkIds[i * k2] ? 1 : 0;
    return {
      logprob1: da.scores.logprob,
      logprob2: db.scores.logprob,
      rank1: da.scores.rank,
      rank2: db.scores.rank,
      top1Agree,
      ...(pair ? { kl: docPair(a, d, pair)!.kl } : {}),
    };
  });
}
