import type { AlignedData } from "../core/AlignedData.js";
import type { InstanceData } from "../core/InstanceData.js";
import { LmdiffError } from "../core/LmdiffError.js";
import { maybeMaxClampRank, maybeTopK } from "../core/options.js";
import { buildAligned } from "./buildAligned.js";
import { buildInstance } from "./buildInstance.js";
import { Model } from "./Model.js";
import { jointScoringProblem, scorePair } from "./scorePair.js";
import { scoreTexts } from "./scoreTexts.js";

export interface CompareTextOptions {
  /** Size of the top-k lists (default 10, at most the vocabulary size). */
  topK?: number;
  /** Cap C of clamped_rank_diff (default 50). */
  maxClampRank?: number;
  signal?: AbortSignal;
}

/** Refuse an empty text (or one of blanks) before any model runs. */
export function assertText(text: unknown): asserts text is string {
  if (typeof text !== "string" || text.trim() === "") throw new LmdiffError("the text is empty", "empty-text");
}

/**
 * Score one text with both models and assemble its comparison: token by
 * token when they share a tokenizer, on the text's bytes when they do not
 * (see AlignedData).  Every caller (compare(), the CLI, the server) gets
 * its top-k checked here against the vocabulary: a larger k would fill the
 * lists with garbage.
 */
export async function compareText(a: Model, b: Model, text: string, opts: CompareTextOptions = {}): Promise<InstanceData | AlignedData> {
  assertText(text);
  const topK = maybeTopK(opts.topK, Math.min(a.vocabSize, b.vocabSize));
  if (a.fingerprint !== b.fingerprint) {
    // Each model reads the text with its own tokenizer; the comparison
    // happens on the bytes both readings cover.
    const side = async (m: Model) => {
      const ids = m.encode(text);
      const [scores] = await scoreTexts(m, [ids], { k: topK, signal: opts.signal });
      return { label: { name: m.name, spec: m.spec }, scoring: m.kind, ids, scores, k: topK, vocabulary: m.vocabulary };
    };
    return buildAligned(0, text, await side(a), await side(b));
  }
  const maxClampRank = maybeMaxClampRank(opts.maxClampRank);
  const ids = a.encode(text);
  // Models that can be scored together are: the joint measures (KL, JS,
  // TV) come with the usual ones at the cost of one graph over both
  // distributions.  Others (a causal against a masked model) are scored
  // one after the other, without them.
  let s1, s2, pair;
  if (jointScoringProblem(a, b) === null) {
    const r = await scorePair(a, b, [ids], { k: topK, signal: opts.signal });
    [s1, s2, pair] = [r.s1[0], r.s2[0], r.pair[0]];
  } else {
    [s1] = await scoreTexts(a, [ids], { k: topK, signal: opts.signal });
    [s2] = await scoreTexts(b, [ids], { k: topK, signal: opts.signal });
  }
  return buildInstance({
    index: 0,
    text,
    ids,
    m1: s1,
    m2: s2,
    k1: topK,
    k2: topK,
    models: [
      { name: a.name, spec: a.spec },
      { name: b.name, spec: b.spec },
    ],
    vocabulary: a.vocabulary,
    maxClampRank,
    pair,
  });
}
