import { Float64, Int32, Schema, Table, Utf8, makeData, RecordBatch, Struct, Field } from "apache-arrow";
import { AGGREGATIONS, aggregateAll } from "../core/aggregate.js";
import { columnName } from "../core/CorpusData.js";
import { benjaminiHochberg } from "../core/benjaminiHochberg.js";
import { LmdiffError } from "../core/LmdiffError.js";
import { meanTest } from "../core/meanTest.js";
import { computeMeasure, DIFF_MEASURES, JOINT_MEASURES, type CorpusMeasure, type PairScores, type TokenScores } from "../core/measures.js";
import { maybeMaxClampRank } from "../core/options.js";
import { VERSION } from "../version.js";
import { AnalysisCache, type CacheMeta } from "./AnalysisCache.js";
import { CacheReader, CHUNK_ROWS, type CacheChunk } from "./CacheReader.js";
import { PairCache, pairMisaligned, pairOrientation, pairRows, type PairCacheMeta } from "./PairCache.js";
import { PairCacheReader } from "./PairCacheReader.js";
import { alignedTable } from "./alignedTable.js";
import { metaVocabulary } from "./metaVocabulary.js";
import { remoteLimitNotes } from "./remoteLimitNotes.js";
import { Utf8Column } from "./Utf8Column.js";

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
  if (!o) throw pairMismatch(pair.path, pair.meta, a, b);
  return { cache: pair, swapped: o === "swapped" };
}

/** The error for a pair cache of other models or another dataset than caches a and b. */
function pairMismatch(path: string, m: PairCacheMeta, a: { meta: CacheMeta }, b: { meta: CacheMeta }): LmdiffError {
  return new LmdiffError(
    `${path} holds the joint measures of ${m.model1Name} and ${m.model2Name} on ${m.dataset}, not of these caches (${a.meta.modelName} and ${b.meta.modelName} on ${a.meta.dataset}, window ${a.meta.window ?? "?"})`,
    "incompatible-caches",
  );
}

/** The joint measures of document d from a pair cache lined up with cache a. */
export function docPair(a: AnalysisCache, d: number, pair: { cache: PairCache; swapped: boolean } | null): PairScores | undefined {
  if (!pair) return undefined;
  const [s, e] = a.range(d);
  return pair.cache.rows(s, e, pair.swapped);
}

export const RESULTS_FORMAT = "lmdiff-comparison/1";

/** What the comparison reads of a cache besides its documents: where it is and how it was made. */
interface CacheInfo {
  readonly path: string;
  readonly meta: CacheMeta;
}

/**
 * Check that two caches cover the same texts.  Caches of different
 * tokenizers are comparable too: on the texts' bytes (see alignedTable).
 */
export function assertCachesComparable(a: { meta: CacheMeta }, b: { meta: CacheMeta }): void {
  if (a.meta.datasetChecksum !== b.meta.datasetChecksum)
    throw new LmdiffError(
      `the caches cover different datasets (${a.meta.dataset} ${a.meta.datasetChecksum.slice(0, 12)}… vs ${b.meta.dataset} ${b.meta.datasetChecksum.slice(0, 12)}…)`,
      "incompatible-caches",
    );
  if (a.meta.nDocs !== b.meta.nDocs)
    throw new LmdiffError(`the caches have different document counts (${a.meta.nDocs} vs ${b.meta.nDocs})`, "incompatible-caches");
}

/**
 * The ComparisonResults table of two caches: one row per document with its
 * index, text, token count and, for every difference measure (model 2 minus
 * model 1), same top-1 and (with a pair cache) joint measure, and every
 * aggregation, a column "measure_agg"; then logprob_diff_se, _p and _q
 * (see meanTest).  Both caches are in memory; compareCacheFiles gives the
 * same table from the files, reading them in chunks.
 */
export function comparisonTable(a: AnalysisCache, b: AnalysisCache, opts: CompareOptions = {}): Table {
  assertCachesComparable(a, b);
  const C = maybeMaxClampRank(opts.maxClampRank);
  const joint = pairFor(a, b, opts.pair);
  function* docs(): Generator<ComparedDoc> {
    for (let d = 0; d < a.meta.nDocs; d++) yield { a: a.docScores(d), b: b.docScores(d), text: a.text(d), pair: docPair(a, d, joint) };
  }
  return tableOf(a, b, joint?.cache.path ?? null, C, docs());
}

/**
 * comparisonTable of two cache files (and their pair cache), read a chunk
 * of documents at a time (see CacheReader): memory stays a few chunks of
 * rows whatever the size of the caches, plus the table's own columns (one
 * row per document).  The numbers are comparisonTable's: the same
 * documents go through the same code.  Errors are those of opening the
 * files with AnalysisCache and PairCache, except that a damaged value is
 * found when its chunk is read, after any earlier problem of the
 * comparison itself.  A file this reader cannot read in chunks
 * (compressed batches) is compared in memory instead.
 */
export function compareCacheFiles(
  fileA: string,
  fileB: string,
  opts: { maxClampRank?: number; pair?: string | null; chunkRows?: number } = {},
): { table: Table; meta: [CacheMeta, CacheMeta] } {
  const readers: { close(): void; unsupported: string | null }[] = [];
  try {
    const a = CacheReader.open(fileA);
    readers.push(a);
    const b = CacheReader.open(fileB);
    readers.push(b);
    const pair = typeof opts.pair === "string" ? PairCacheReader.open(opts.pair) : null;
    if (pair) readers.push(pair);
    if (readers.some((r) => r.unsupported)) {
      for (const r of readers) r.close();
      const [ca, cb] = [AnalysisCache.open(fileA), AnalysisCache.open(fileB)];
      const table = comparisonTable(ca, cb, {
        maxClampRank: opts.maxClampRank,
        pair: typeof opts.pair === "string" ? PairCache.open(opts.pair) : null,
      });
      return { table, meta: [ca.meta, cb.meta] };
    }
    assertCachesComparable(a, b);
    const C = maybeMaxClampRank(opts.maxClampRank);
    let swapped = false;
    if (pair) {
      const o = pairOrientation(pair.meta, a.meta, b.meta);
      if (!o) throw pairMismatch(pair.path, pair.meta, a, b);
      if (pair.numRows !== a.numRows) throw pairMisaligned(pair.path, a.path);
      swapped = o === "swapped";
    }
    const chunkRows = opts.chunkRows ?? CHUNK_ROWS;
    function* docs(): Generator<ComparedDoc> {
      // Model 2's chunks are read as model 1's documents reach them: the
      // two caches hold the same documents, not always in the same rows.
      const bChunks = b.chunks(chunkRows);
      let bChunk: CacheChunk | null = null;
      for (const chunk of a.chunks(chunkRows)) {
        // The pair cache's rows are model 1's rows.
        const p = pair?.rows(chunk.firstRow, chunk.endRow);
        if (p && p.doc.some((d, r) => d !== chunk.doc[r])) throw pairMisaligned(pair!.path, a.path);
        for (let d = chunk.firstDoc; d < chunk.firstDoc + chunk.length; d++) {
          while (!bChunk || d >= bChunk.firstDoc + bChunk.length) {
            const next = bChunks.next();
            // Both caches passed the check that their rows cover n_docs documents.
            if (next.done) throw new Error(`${b.path} ended before document ${d}`);
            bChunk = next.value;
          }
          const [s, e] = chunk.range(d);
          yield {
            a: chunk.docScores(d),
            b: bChunk.docScores(d),
            text: chunk.text(d),
            pair: p ? pairRows(p.values, s - chunk.firstRow, e - chunk.firstRow, swapped) : undefined,
          };
        }
      }
      // Rows of model 2's cache after its last document are damage, which the check of the chunk that holds them finds.
      let rest = bChunks.next();
      while (!rest.done) rest = bChunks.next();
    }
    return { table: tableOf(a, b, pair?.path ?? null, C, docs()), meta: [a.meta, b.meta] };
  } finally {
    for (const r of readers) r.close();
  }
}

/** One document of both caches: model 1's and model 2's scores, model 1's text, and the joint measures where there are. */
interface ComparedDoc {
  a: { ids: Int32Array; scores: TokenScores };
  b: { ids: Int32Array; scores: TokenScores };
  text: string;
  pair: PairScores | undefined;
}

/**
 * The table of comparisonTable from the documents of caches a and b, in
 * order (all a.meta.nDocs of them); `pairPath` is the pair cache's file
 * when the documents carry joint measures.
 */
function tableOf(a: CacheInfo, b: CacheInfo, pairPath: string | null, C: number, docs: Iterable<ComparedDoc>): Table {
  const k = Math.min(a.meta.topK, b.meta.topK);
  const n = a.meta.nDocs;
  if (!sameTokenizer(a, b))
    return alignedTable(n, docs, [metaVocabulary(a.meta), metaVocabulary(b.meta)], resultsMetadata(a, b, k, C, null), [
      a.meta.modelKind,
      b.meta.modelKind,
    ]);
  const index = new Int32Array(n);
  const nTokens = new Int32Array(n);
  const texts = new Utf8Column(n);
  // top1_agree is exact from any two caches (the first entry of each
  // top-k list); the joint measures need the pair cache.
  const measures: CorpusMeasure[] = [...DIFF_MEASURES, "top1_agree", ...(pairPath !== null ? JOINT_MEASURES : [])];
  const cols: Record<string, Float64Array> = {};
  for (const m of measures) for (const g of AGGREGATIONS) cols[columnName(m, g)] = new Float64Array(n);
  // How sure each text's mean log-probability difference is: its standard
  // error, the p-value of "no difference", and Benjamini–Hochberg q-values
  // over the corpus, so that the global view can rank texts by evidence
  // rather than by size (a two-token text has extreme means by chance).
  const se = new Float64Array(n);
  const pValue = new Float64Array(n);
  // topk_diff needs equal-width lists; views of the first k entries per token.
  const narrow = (c: CacheInfo) => (c.meta.topK === k ? null : c.meta.topK);
  let d = 0;
  for (const { a: da, b: db, text, pair } of docs) {
    if (da.ids.length !== db.ids.length || da.ids.some((v, i) => v !== db.ids[i]))
      throw new LmdiffError(
        `the caches disagree on the tokens of document ${d}; were they made from the same dataset and tokenizer?`,
        "incompatible-caches",
      );
    index[d] = d;
    texts.push(text);
    nTokens[d] = da.ids.length;
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
    d++;
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
  const schema = new Schema(fields, resultsMetadata(a, b, k, C, pairPath));
  const children = [
    makeData({ type: new Int32(), length: n, data: index }),
    texts.data(),
    makeData({ type: new Int32(), length: n, data: nTokens }),
    ...Object.values(cols).map((data) => makeData({ type: new Float64(), length: n, data })),
  ];
  return new Table(schema, [new RecordBatch(schema, makeData({ type: new Struct(fields), length: n, children }))]);
}

/** Whether two caches' models share a tokenizer (else they are compared on bytes). */
export function sameTokenizer(a: { meta: CacheMeta }, b: { meta: CacheMeta }): boolean {
  return a.meta.tokenizerFingerprint === b.meta.tokenizerFingerprint;
}

/** The metadata of a ComparisonResults table: what was compared, how, and from which files. */
function resultsMetadata(a: CacheInfo, b: CacheInfo, k: number, C: number, pairPath: string | null): Map<string, string> {
  return new Map<string, string>([
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
    ["lmdiff.joint", pairPath !== null ? "true" : "false"],
    ...(pairPath !== null ? [["lmdiff.pair_cache", pairPath] as [string, string]] : []),
  ]);
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
export function comparisonNotes(a: { meta: CacheMeta }, b: { meta: CacheMeta }): string[] {
  const [k1, k2] = [a.meta.topK, b.meta.topK];
  // Two tokenizers are compared on bytes, where top-k lists are each model's own.
  const notes =
    k1 === k2 || !sameTokenizer(a, b)
      ? []
      : [`top-k lists compared at k = ${Math.min(k1, k2)} (model 1 recorded ${k1}, model 2 recorded ${k2})`];
  return [...notes, ...remoteNotes(a.meta, 1), ...remoteNotes(b.meta, 2)];
}

/** remoteLimitNotes of a cache scored by a remote server (see RemoteScorer); none for a local one. */
function remoteNotes(m: CacheMeta, which: 1 | 2): string[] {
  return remoteLimitNotes(
    `model ${which} (${m.modelName}, scored by ${m.remote ?? "a server"})`,
    m.topK,
    m.rankConvention,
    m.entropy === "bounds",
  );
}
