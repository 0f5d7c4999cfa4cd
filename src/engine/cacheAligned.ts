import type { AlignedData } from "../core/AlignedData.js";
import type { AnalysisCache } from "./AnalysisCache.js";
import { buildAligned } from "./buildAligned.js";
import type { Vocabulary } from "./Vocabulary.js";

/**
 * The byte-aligned comparison of document `doc` from the caches of two
 * models with different tokenizers: no model runs.
 */
export function cacheAligned(a: AnalysisCache, b: AnalysisCache, doc: number, vocabularies: [Vocabulary, Vocabulary]): AlignedData {
  const side = (c: AnalysisCache, v: Vocabulary) => {
    const d = c.docScores(doc);
    return {
      label: { name: c.meta.modelName, spec: c.meta.model },
      scoring: c.meta.modelKind,
      ids: d.ids,
      scores: d.scores,
      k: c.meta.topK,
      vocabulary: v,
    };
  };
  return buildAligned(doc, a.text(doc), side(a, vocabularies[0]), side(b, vocabularies[1]));
}
