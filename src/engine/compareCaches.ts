import { Float64, Int32, Schema, Table, Utf8, makeData, RecordBatch, Struct, Field, vectorFromArray } from "apache-arrow";
import { AGGREGATIONS, aggregateAll } from "../core/aggregate.js";
import { columnName } from "../core/CorpusData.js";
import { benjaminiHochberg } from "../core/benjaminiHochberg.js";
import { LmdiffError } from "../core/LmdiffError.js";
import { meanTest } from "../core/meanTest.js";
import { computeMeasure, DIFF_MEASURES, JOINT_MEASURES, type CorpusMeasure, type PairScores } from "../core/measures.js";
import { maybeMaxClampRank } from "../core/options.js";
import { VERSION } from "../version.js";
import type { AnalysisCache } from "./AnalysisCache.js";
import type { PairCache } from "./PairCache.js";

export interface CompareOptions {
  /** Cap C of clamped_rank_diff (default 50). */
  maxClampRank?: number;
  /**
   * The pair cache of the two models on this dataset (see analyzePair):
   * its joint measures (KL, JS, TV) become columns too.  Either order of
   * the models; it must belong to these two caches.
   */
  pair?: PairCache | null;
}

/** How a pair cache lines up with two caches, or null without one (an error when it belongs to other caches). */
export function pairFor(
  a: AnalysisCache,
  b: AnalysisCache,
  pair: PairCache | null | undefined,
): { cache: PairCache; swapped: boolean } | null {
  if (!pair) return null;
  const o = pair.orientation(a, b);
  if (!o)
    throw new LmdiffError(
      `${pair.path} holds the joint measures of ${pair.meta.model1Name} and ${pair.meta.model2Name} on ${pair.meta.dataset}, not of these caches (${a.meta.modelName} and ${b.meta.modelName} on ${a.meta.dataset}, window ${a.meta.window ?? "?"})`,
      "incompatible-caches",
    );
  return { cache: pair, swapped: o === "swapped" };
}

/** The joint measures of document d from a pair cache lined up with cache a. */
export function docPair(a: AnalysisCache, d: number, pair: { cache: PairCache; swapped: boolean } | null): PairScores | undefined {
  if (!pair) return undefined;
  const [s, e] = a.range(d);
  return pair.cache.rows(s, e, pair.swapped);
}

export const RESULTS_FORMAT = "lmdiff-comparison/1";

/** Check that two caches cover the same texts with the same tokenizer. */
export function assertCachesComparable(a: AnalysisCache, b: AnalysisCache): void {
  if (a.meta.datasetChecksum !== b.meta.datasetChecksum)
    throw new LmdiffError(
      `the caches cover different datasets (${a.meta.dataset} ${a.meta.datasetChecksum.slice(0, 12)}… vs ${b.meta.dataset} ${b.meta.datasetChecksum.slice(0, 12)}…)`,
      "incompatible-caches",
    );
  if (a.meta.tokenizerFingerprint !== b.meta.tokenizerFingerprint)
    throw new LmdiffError(
      `${a.meta.modelName} and ${b.meta.modelName} are not comparable: their tokenizers differ (fingerprints ${a.meta.tokenizerFingerprint.slice(0, 12)}… vs ${b.meta.tokenizerFingerprint.slice(0, 12)}…)`,
      "incompatible-models",
    );
  if (a.meta.nDocs !== b.meta.nDocs)
    throw new LmdiffError(`the caches have different document counts (${a.meta.nDocs} vs ${b.meta.nDocs})`, "incompatible-caches");
}

/**
 * The ComparisonResults table of two caches: one row per document with its
 * index, text, token count and, for every difference measure (model 2 minus
 * model 1), same top-1 and (with a pair cache) joint measure, and every
 * aggregation, a column "measure_agg"; then logprob_diff_se, _p and _q
 * (see meanTest).
 */
export function comparisonTable(a: AnalysisCache, b: AnalysisCache, opts: CompareOptions = {}): Table {
  assertCachesComparable(a, b);
  const C = maybeMaxClampRank(opts.maxClampRank);
  const k = Math.min(a.meta.topK, b.meta.topK);
  const n = a.meta.nDocs;
  const index = new Int32Array(n);
  const nTokens = new Int32Array(n);
  const texts = new Array<string>(n);
  const joint = pairFor(a, b, opts.pair);
  // top1_agree is exact from any two caches (the first entry of each
  // top-k list); the joint measures need the pair cache.
  const measures: CorpusMeasure[] = [...DIFF_MEASURES, "top1_agree", ...(joint ? JOINT_MEASURES : [])];
  const cols: Record<string, Float64Array> = {};
  for (const m of measures) for (const g of AGGREGATIONS) cols[columnName(m, g)] = new Float64Array(n);
  // How sure each text's mean log-probability difference is: its standard
  // error, the p-value of "no difference", and Benjamini–Hochberg q-values
  // over the corpus, so that the global view can rank texts by evidence
  // rather than by size (a two-token text has extreme means by chance).
  const se = new Float64Array(n);
  const pValue = new Float64Array(n);
  // topk_diff needs equal-width lists; views of the first k entries per token.
  const narrow = (c: AnalysisCache) => (c.meta.topK === k ? null : c.meta.topK);
  for (let d = 0; d < n; d++) {
    const da = a.docScores(d);
    const db = b.docScores(d);
    if (da.ids.length !== db.ids.length || da.ids.some((v, i) => v !== db.ids[i]))
      throw new LmdiffError(
        `the caches disagree on the tokens of document ${d}; were they made from the same dataset and tokenizer?`,
        "incompatible-caches",
      );
    index[d] = d;
    texts[d] = a.text(d);
    nTokens[d] = da.ids.length;
    const pair = docPair(a, d, joint);
    for (const m of measures) {
      let s1 = da.scores;
      let s2 = db.scores;
      if ((m === "topk_diff" || m === "top1_agree") && (narrow(a) || narrow(b))) {
        const cut = (s: typeof s1, kk: number) => {
          const ids = new Int32Array(da.ids.length * k);
          for (let i = 0; i < da.ids.length; i++) ids.set(s.topkIds.subarray(i * kk, i * kk + k), i * k);
          return { ...s, topkIds: ids };
        };
        s1 = cut(s1, a.meta.topK);
        s2 = cut(s2, b.meta.topK);
      }
      const v = computeMeasure(m, s1, s2, k, C, 0, da.ids.length, pair);
      if (m === "logprob_diff") ({ se: se[d], p: pValue[d] } = meanTest(v));
      const agg = aggregateAll(v);
      for (const g of AGGREGATIONS) cols[columnName(m, g)][d] = agg[g];
    }
  }
  cols.logprob_diff_se = se;
  cols.logprob_diff_p = pValue;
  cols.logprob_diff_q = benjaminiHochberg(pValue);
  const fields = [
    new Field("index", new Int32(), false),
    new Field("text", new Utf8(), false),
    new Field("n_tokens", new Int32(), false),
    ...Object.keys(cols).map((c) => new Field(c, new Float64(), true)),
  ];
  const metadata = new Map<string, string>([
    ["lmdiff.format", RESULTS_FORMAT],
    ["lmdiff.version", VERSION],
    ["lmdiff.model_1", a.meta.modelName],
    ["lmdiff.model_2", b.meta.modelName],
    ["lmdiff.model_1_spec", a.meta.model],
    ["lmdiff.model_2_spec", b.meta.model],
    ["lmdiff.cache_1", a.path],
    ["lmdiff.cache_2", b.path],
    ["lmdiff.dataset", a.meta.dataset],
    ["lmdiff.dataset_checksum", a.meta.datasetChecksum],
    ["lmdiff.top_k", String(k)],
    ["lmdiff.max_clamp_rank", String(C)],
    // Whether the joint measures' columns are there, and from which file.
    ["lmdiff.joint", joint ? "true" : "false"],
    ...(joint ? [["lmdiff.pair_cache", joint.cache.path] as [string, string]] : []),
  ]);
  const schema = new Schema(fields, metadata);
  const children = [
    makeData({ type: new Int32(), length: n, data: index }),
    vectorFromArray(texts, new Utf8()).data[0],
    makeData({ type: new Int32(), length: n, data: nTokens }),
    ...Object.values(cols).map((data) => makeData({ type: new Float64(), length: n, data })),
  ];
  return new Table(schema, [new RecordBatch(schema, makeData({ type: new Struct(fields), length: n, children }))]);
}

/**
 * Notes on a comparison of two caches, one sentence each (without the final
 * full stop).  Caches recorded with different top-k sizes are compared at
 * the smaller k: each list is sorted by probability, so its first
 * min(k₁, k₂) entries are exactly that model's top-min(k) list, and
 * topk_diff (k − |top-k₁ ∩ top-k₂|) is only meaningful with the same k on
 * both sides.  The comparison is right either way; the note says why
 * topk_diff is bounded by the smaller k.
 */
export function comparisonNotes(a: AnalysisCache, b: AnalysisCache): string[] {
  const [k1, k2] = [a.meta.topK, b.meta.topK];
  if (k1 === k2) return [];
  return [`top-k lists compared at k = ${Math.min(k1, k2)} (model 1 recorded ${k1}, model 2 recorded ${k2})`];
}
