import type { InstanceData } from "../core/InstanceData.js";
import type { AnalysisCache } from "./AnalysisCache.js";
import { docPair } from "./compareCaches.js";
import type { PairCache } from "./PairCache.js";
import { buildInstance } from "./buildInstance.js";
import { metaVocabulary } from "./metaVocabulary.js";
import type { Vocabulary } from "./Vocabulary.js";

/**
 * The token-level comparison of document `doc`, rebuilt from the two
 * analysis caches of a corpus comparison: no model runs.
 */
export function cacheInstance(
  a: AnalysisCache,
  b: AnalysisCache,
  doc: number,
  vocabulary: Vocabulary,
  maxClampRank: number,
  pair: { cache: PairCache; swapped: boolean } | null = null,
): InstanceData {
  const da = a.docScores(doc);
  const db = b.docScores(doc);
  return buildInstance({
    index: doc,
    text: a.text(doc),
    ids: da.ids,
    m1: da.scores,
    m2: db.scores,
    k1: a.meta.topK,
    k2: b.meta.topK,
    models: [
      { name: a.meta.modelName, spec: a.meta.model },
      { name: b.meta.modelName, spec: b.meta.model },
    ],
    vocabulary,
    maxClampRank,
    pair: docPair(a, doc, pair),
  });
}

/** The vocabulary of a cache's model (see metaVocabulary). */
export function cacheVocabulary(cache: AnalysisCache): Vocabulary {
  return metaVocabulary(cache.meta);
}
