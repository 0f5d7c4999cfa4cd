import { charByteLengths } from "../core/alignTokens.js";
import type { GapDoc } from "../core/gapReport.js";
import type { AnalysisCache } from "./AnalysisCache.js";
import { alignedBits } from "./alignedBits.js";
import type { Vocabulary } from "./Vocabulary.js";

/**
 * The texts of two caches of different tokenizers as the gap report reads
 * them: each text's characters and both models' bits per character, one
 * text at a time (no top-k lists or views are built).
 */
export function* cacheGapDocs(a: AnalysisCache, b: AnalysisCache, vocabularies: [Vocabulary, Vocabulary]): Generator<GapDoc> {
  for (let d = 0; d < a.meta.nDocs; d++) {
    const text = a.text(d);
    const chars = Array.from(text);
    const charBytes = charByteLengths(chars);
    const da = a.docScores(d);
    const db = b.docScores(d);
    yield {
      index: d,
      text,
      chars,
      charBytes,
      bits1: alignedBits(text, da.ids, da.scores.logprob, vocabularies[0], charBytes).bits,
      bits2: alignedBits(text, db.ids, db.scores.logprob, vocabularies[1], charBytes).bits,
    };
  }
}
