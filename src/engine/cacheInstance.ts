import * as fs from "node:fs";
import * as path from "node:path";
import type { InstanceData } from "../core/InstanceData.js";
import { LmdiffError } from "../core/LmdiffError.js";
import type { AnalysisCache } from "./AnalysisCache.js";
import { docPair } from "./compareCaches.js";
import type { PairCache } from "./PairCache.js";
import { buildInstance } from "./buildInstance.js";
import type { TokenizerJson } from "./modelJson.js";
import { Vocabulary } from "./Vocabulary.js";

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

/**
 * The vocabulary of a cache's model, read from the tokenizer.json of the
 * folder the model was loaded from: a cache records token ids, and their
 * text needs the tokenizer.
 */
export function cacheVocabulary(cache: AnalysisCache): Vocabulary {
  const file = path.join(cache.meta.modelDir, "tokenizer.json");
  if (!fs.existsSync(file))
    throw new LmdiffError(`the tokenizer of ${cache.meta.modelName} is not at ${file} any more; token text needs it`, "not-found", 404);
  return new Vocabulary(JSON.parse(fs.readFileSync(file, "utf8")) as TokenizerJson);
}
