import * as fs from "node:fs";
import {
  Field,
  FixedSizeList,
  Float32,
  Int32,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableFromIPC,
  tableToIPC,
  Utf8,
  type Vector,
  vectorFromArray,
} from "apache-arrow";
import { LmdiffError } from "../core/LmdiffError.js";
import type { TokenScores } from "../core/measures.js";
import { VERSION } from "../version.js";
import { columnValues } from "./columnValues.js";
import type { RankConvention } from "./promptScores.js";
import { refuseShard } from "./shardMeta.js";
import { validateCacheMeta, validateCacheSchema, validateCacheValues, validateCacheVersion } from "./validateCache.js";

export const CACHE_FORMAT = "lmdiff-analysis-cache/1";

/** What a cache records about how it was made (Arrow schema metadata). */
export interface CacheMeta {
  model: string;
  modelName: string;
  modelKind: "causal" | "masked";
  modelDir: string;
  onnxSha256: string;
  tokenizerFingerprint: string;
  dataset: string;
  datasetChecksum: string;
  datasetSource: string;
  nDocs: number;
  topK: number;
  lmdiffVersion: string;
  /**
   * The model's vocabulary size, which bounds token ids and ranks.  Optional:
   * caches written before it was recorded lack it and stay valid.
   */
  vocabSize?: number;
  /**
   * The longest window of tokens a token was scored with (the model's
   * context unless the memory bound cut it; see memoryPlan).  Optional, as
   * vocabSize.
   */
  window?: number;
  /**
   * "batched", or "one-text-per-pass" for graphs whose numbers depend on the
   * whole pass (dynamic quantization; see Model.batchIndependent).
   */
  scoring?: "batched" | "one-text-per-pass";
  /** A remote model's servers and served name ("URL#NAME"; see RemoteScorer); absent for local scoring. */
  remote?: string;
  /** How ranks were counted, when not lmdiff's own (a remote server's; see RankConvention). */
  rankConvention?: RankConvention;
  /**
   * "bounds" when the server gave no entropy: the entropy column is then
   * NaN and the columns entropy_lower and entropy_upper bound it (see
   * entropyBounds).  Absent: exact.
   */
  entropy?: "bounds";
}

const META_KEYS: Record<keyof CacheMeta, string> = {
  model: "lmdiff.model",
  modelName: "lmdiff.model_name",
  modelKind: "lmdiff.model_kind",
  modelDir: "lmdiff.model_dir",
  onnxSha256: "lmdiff.onnx_sha256",
  tokenizerFingerprint: "lmdiff.tokenizer_fingerprint",
  dataset: "lmdiff.dataset",
  datasetChecksum: "lmdiff.dataset_checksum",
  datasetSource: "lmdiff.dataset_source",
  nDocs: "lmdiff.n_docs",
  topK: "lmdiff.top_k",
  lmdiffVersion: "lmdiff.version",
  vocabSize: "lmdiff.vocab_size",
  window: "lmdiff.window",
  scoring: "lmdiff.scoring",
  remote: "lmdiff.remote",
  rankConvention: "lmdiff.rank_convention",
  entropy: "lmdiff.entropy",
};

export function metaToMap(meta: CacheMeta): Map<string, string> {
  const m = new Map<string, string>([["lmdiff.format", CACHE_FORMAT]]);
  for (const [k, key] of Object.entries(META_KEYS)) {
    const v = meta[k as keyof CacheMeta];
    if (v !== undefined) m.set(key, String(v));
  }
  return m;
}

/** The CacheMeta of a cache's (or a shard's) Arrow metadata; a foreign file or a missing key is an error naming `file`. */
export function metaFromMap(m: Map<string, string>, file: string): CacheMeta {
  if (m.get("lmdiff.format") !== CACHE_FORMAT)
    throw new LmdiffError(
      `${file} is an Arrow file but not an lmdiff analysis cache (format ${m.get("lmdiff.format") ?? "missing"})`,
      "bad-cache",
    );
  const get = (k: keyof CacheMeta) => {
    const v = m.get(META_KEYS[k]);
    if (v === undefined) throw new LmdiffError(`${file}: cache metadata lacks ${META_KEYS[k]}`, "bad-cache");
    return v;
  };
  const vocabSize = m.get(META_KEYS.vocabSize);
  const window = m.get(META_KEYS.window);
  const scoring = m.get(META_KEYS.scoring);
  const remote = m.get(META_KEYS.remote);
  const rankConvention = m.get(META_KEYS.rankConvention);
  const entropy = m.get(META_KEYS.entropy);
  if (rankConvention !== undefined && !["greater", "greater-or-equal-beyond-k", "censored-beyond-k"].includes(rankConvention))
    throw new LmdiffError(`${file}: unknown lmdiff.rank_convention "${rankConvention}"`, "bad-cache");
  if (entropy !== undefined && entropy !== "bounds") throw new LmdiffError(`${file}: unknown lmdiff.entropy "${entropy}"`, "bad-cache");
  return {
    model: get("model"),
    modelName: get("modelName"),
    modelKind: get("modelKind") as CacheMeta["modelKind"],
    modelDir: get("modelDir"),
    onnxSha256: get("onnxSha256"),
    tokenizerFingerprint: get("tokenizerFingerprint"),
    dataset: get("dataset"),
    datasetChecksum: get("datasetChecksum"),
    datasetSource: get("datasetSource"),
    nDocs: Number(get("nDocs")),
    topK: Number(get("topK")),
    lmdiffVersion: get("lmdiffVersion"),
    ...(vocabSize === undefined ? {} : { vocabSize: Number(vocabSize) }),
    ...(window === undefined ? {} : { window: Number(window) }),
    ...(scoring === undefined ? {} : { scoring: scoring as CacheMeta["scoring"] }),
    ...(remote === undefined ? {} : { remote }),
    ...(rankConvention === undefined ? {} : { rankConvention: rankConvention as RankConvention }),
    ...(entropy === undefined ? {} : { entropy: "bounds" as const }),
  };
}

/**
 * The metadata of a cache file, checked as every reader of caches checks
 * it (AnalysisCache, and CacheReader, which reads a cache in chunks).
 */
export function readCacheMeta(path: string, metadata: Map<string, string>): CacheMeta {
  // First: a cache from a newer lmdiff is refused as such, not as damaged.
  validateCacheVersion(path, metadata, { format: CACHE_FORMAT, version: VERSION });
  // A shard (see analyze's `shard`) holds some documents only: it is merged, not opened.
  refuseShard(path, metadata);
  const meta = metaFromMap(metadata, path);
  validateCacheMeta(path, metadata, meta);
  return meta;
}

/** The Arrow types of a cache's columns, by name (see cacheSchema). */
export type CacheTypeMap = {
  doc: Int32;
  pos: Int32;
  token: Int32;
  prob: Float32;
  logprob: Float32;
  rank: Int32;
  entropy: Float32;
  topk_ids: FixedSizeList<Int32>;
  topk_probs: FixedSizeList<Float32>;
  text: Utf8;
  /** Only in caches whose meta.entropy is "bounds". */
  entropy_lower: Float32;
  entropy_upper: Float32;
};

/** The columns of a cache, in order. */
export function cacheSchema(meta: CacheMeta): Schema<CacheTypeMap> {
  const k = meta.topK;
  return new Schema<CacheTypeMap>(
    [
      new Field("doc", new Int32(), false),
      new Field("pos", new Int32(), false),
      new Field("token", new Int32(), false),
      new Field("prob", new Float32(), false),
      new Field("logprob", new Float32(), false),
      new Field("rank", new Int32(), false),
      new Field("entropy", new Float32(), false),
      new Field("topk_ids", new FixedSizeList(k, new Field("item", new Int32(), false)), false),
      new Field("topk_probs", new FixedSizeList(k, new Field("item", new Float32(), false)), false),
      // The text of a document, on its first row only (null elsewhere), so a
      // cache is self-contained without repeating texts per token.
      new Field("text", new Utf8(), true),
      // Where a server gave no entropy, the range it lies in (see entropyBounds).
      ...(meta.entropy === "bounds"
        ? [new Field("entropy_lower", new Float32(), false), new Field("entropy_upper", new Float32(), false)]
        : []),
    ],
    metaToMap(meta),
  );
}

/**
 * One record batch for consecutive documents.  A document with no tokens
 * gets one placeholder row (pos −1, token −1) so that its text is kept.
 */
export function scoresBatch(
  schema: Schema<CacheTypeMap>,
  k: number,
  firstDoc: number,
  docs: { ids: Int32Array; scores: TokenScores; text: string }[],
): RecordBatch {
  let n = 0;
  for (const d of docs) n += Math.max(1, d.ids.length);
  const doc = new Int32Array(n);
  const pos = new Int32Array(n);
  const token = new Int32Array(n);
  const prob = new Float32Array(n);
  const logprob = new Float32Array(n);
  const rank = new Int32Array(n);
  const entropy = new Float32Array(n);
  const topkIds = new Int32Array(n * k);
  const topkProbs = new Float32Array(n * k);
  const texts = new Array<string | null>(n).fill(null);
  const bounds = schema.fields.length > 10;
  const lower = new Float32Array(bounds ? n : 0);
  const upper = new Float32Array(bounds ? n : 0);
  let r = 0;
  docs.forEach((d, i) => {
    texts[r] = d.text;
    const len = d.ids.length;
    if (len === 0) {
      doc[r] = firstDoc + i;
      pos[r] = -1;
      token[r] = -1;
      prob[r] = NaN;
      logprob[r] = NaN;
      entropy[r] = NaN;
      if (bounds) lower[r] = upper[r] = NaN;
      topkIds.fill(-1, r * k, (r + 1) * k);
      r++;
      return;
    }
    doc.fill(firstDoc + i, r, r + len);
    for (let j = 0; j < len; j++) pos[r + j] = j;
    token.set(d.ids, r);
    prob.set(d.scores.prob, r);
    logprob.set(d.scores.logprob, r);
    rank.set(d.scores.rank, r);
    entropy.set(d.scores.entropy, r);
    topkIds.set(d.scores.topkIds, r * k);
    topkProbs.set(d.scores.topkProbs, r * k);
    if (bounds) {
      const b = d.scores.entropyBounds;
      if (!b) throw new Error("scoresBatch: a cache with entropy bounds needs scores with entropyBounds");
      lower.set(b.lower, r);
      upper.set(b.upper, r);
    }
    r += len;
  });
  return cacheBatch(schema, k, {
    doc,
    pos,
    token,
    scores: { prob, logprob, rank, entropy, topkIds, topkProbs, ...(bounds ? { entropyBounds: { lower, upper } } : {}) },
    texts,
  });
}

/**
 * One record batch of a cache's schema from its columns (n rows, top-k
 * lists of k), each column the array given (no copy), typed with the
 * schema's own type objects.  Entropy bounds go in when the schema has
 * them (see CacheMeta.entropy).
 */
export function cacheBatch(
  schema: Schema<CacheTypeMap>,
  k: number,
  c: { doc: Int32Array; pos: Int32Array; token: Int32Array; scores: TokenScores; texts: (string | null)[] },
): RecordBatch {
  const n = c.doc.length;
  const f = schema.fields;
  const bounds = f.length > 10;
  if (bounds && !c.scores.entropyBounds) throw new Error("cacheBatch: a cache with entropy bounds needs scores with entropyBounds");
  const int32 = (i: number, data: Int32Array) => makeData({ type: f[i].type as Int32, length: n, data });
  const float32 = (i: number, data: Float32Array) => makeData({ type: f[i].type as Float32, length: n, data });
  const int32List = (i: number, data: Int32Array) => {
    const type = f[i].type as FixedSizeList<Int32>;
    return makeData({ type, length: n, child: makeData({ type: type.children[0].type, length: n * k, data }) });
  };
  const float32List = (i: number, data: Float32Array) => {
    const type = f[i].type as FixedSizeList<Float32>;
    return makeData({ type, length: n, child: makeData({ type: type.children[0].type, length: n * k, data }) });
  };
  const s = c.scores;
  const children = [
    int32(0, c.doc),
    int32(1, c.pos),
    int32(2, c.token),
    float32(3, s.prob),
    float32(4, s.logprob),
    int32(5, s.rank),
    float32(6, s.entropy),
    int32List(7, s.topkIds),
    float32List(8, s.topkProbs),
    vectorFromArray(c.texts, new Utf8()).data[0],
    ...(bounds ? [float32(10, s.entropyBounds!.lower), float32(11, s.entropyBounds!.upper)] : []),
  ];
  return new RecordBatch(schema, makeData({ type: new Struct(f), length: n, children }));
}

/** Serialise one batch as a complete Arrow IPC file. */
export function batchToIPC(batch: RecordBatch): Uint8Array {
  return tableToIPC(new Table([batch]), "file");
}

/**
 * A finished analysis of one dataset by one model: an Arrow IPC file with
 * one row per token (see cacheSchema), opened for reading.  A document's
 * rows are contiguous.
 *
 * The file is read into memory once and its columns are typed-array views
 * of that buffer, so an open cache costs about its file size.  lmdiff
 * writes a cache as one record batch (see mergeParts), which makes every
 * column one contiguous buffer; a cache of several batches (written by an
 * earlier lmdiff) has each column copied once into one array, and the file
 * buffer is then released.
 */
export class AnalysisCache {
  readonly meta: CacheMeta;
  readonly nTokens: number;
  private readonly starts: Int32Array;
  /** The text column, when the file is one batch: a document's text is read from it when asked. */
  private readonly textColumn: Vector<Utf8> | null;
  /** The texts, read when the cache was opened, when the file has several batches. */
  private readonly texts: string[] | null;
  readonly doc: Int32Array;
  readonly token: Int32Array;
  readonly scores: TokenScores;

  private constructor(
    readonly path: string,
    table: Table<CacheTypeMap>,
  ) {
    this.meta = readCacheMeta(path, table.schema.metadata);
    validateCacheSchema(path, table, cacheSchema(this.meta));
    const k = this.meta.topK;
    this.doc = columnValues(table, "doc", Int32Array);
    this.token = columnValues(table, "token", Int32Array);
    this.scores = {
      prob: columnValues(table, "prob", Float32Array),
      logprob: columnValues(table, "logprob", Float32Array),
      rank: columnValues(table, "rank", Int32Array),
      entropy: columnValues(table, "entropy", Float32Array),
      topkIds: columnValues(table, "topk_ids", Int32Array, k),
      topkProbs: columnValues(table, "topk_probs", Float32Array, k),
      ...(this.meta.entropy === "bounds"
        ? {
            entropyBounds: {
              lower: columnValues(table, "entropy_lower", Float32Array),
              upper: columnValues(table, "entropy_upper", Float32Array),
            },
          }
        : {}),
    };
    // Positions are only needed to check the rows; they are not kept.
    validateCacheValues(path, this.meta, {
      doc: this.doc,
      pos: columnValues(table, "pos", Int32Array),
      token: this.token,
      scores: this.scores,
    });
    // The checks guarantee that documents 0 to nDocs − 1 each start a run of rows, in order.
    const nDocs = this.meta.nDocs;
    const starts = new Int32Array(nDocs + 1);
    let tokens = 0;
    for (let r = 0; r < this.doc.length; r++) {
      const d = this.doc[r];
      if (r === 0 || d !== this.doc[r - 1]) starts[d] = r;
      if (this.token[r] >= 0) tokens++;
    }
    starts[nDocs] = this.doc.length;
    this.starts = starts;
    this.nTokens = tokens;
    const text = table.getChild("text")!;
    if (text.data.length === 1) {
      // Texts are read from the file buffer, which the columns keep alive anyway.
      this.textColumn = text;
      this.texts = null;
    } else {
      // Strings of their own, so that nothing holds on to the file buffer.
      this.textColumn = null;
      this.texts = Array.from({ length: nDocs }, (_, d) => text.get(starts[d]) ?? "");
    }
  }

  /** Open a cache file; a truncated, corrupted or foreign file gets a clear error. */
  static open(file: string): AnalysisCache {
    if (!fs.existsSync(file)) throw new LmdiffError(`no cache at ${file} (run lmdiff analyze first)`, "not-found", 404);
    const buf = fs.readFileSync(file);
    const magic = Buffer.from("ARROW1");
    if (buf.length < 12 || !buf.subarray(0, 6).equals(magic))
      throw new LmdiffError(`${file} is not an Arrow IPC file (not an lmdiff cache)`, "bad-cache");
    if (!buf.subarray(buf.length - 6).equals(magic))
      throw new LmdiffError(`${file} is truncated (no Arrow footer); delete it and run the analysis again`, "bad-cache");
    // Typed as a cache; the constructor checks that it is one before reading it.
    let table: Table<CacheTypeMap>;
    try {
      table = tableFromIPC<CacheTypeMap>(buf);
    } catch (e) {
      throw new LmdiffError(
        `${file} is corrupted (${(e as Error).message.split("\n")[0]}); delete it and run the analysis again`,
        "bad-cache",
      );
    }
    return new AnalysisCache(file, table);
  }

  /** Row range [start, end) of document d (empty for a document without tokens). */
  range(d: number): [number, number] {
    if (!Number.isInteger(d) || d < 0 || d >= this.meta.nDocs)
      throw new LmdiffError(`document index ${d} is out of range (0 to ${this.meta.nDocs - 1})`, "out-of-range", 404);
    const s = this.starts[d];
    const e = this.starts[d + 1];
    return this.token[s] < 0 ? [s, s] : [s, e];
  }

  text(d: number): string {
    this.range(d);
    return this.texts ? this.texts[d] : (this.textColumn!.get(this.starts[d]) ?? "");
  }

  /** Views (no copy) of document d's token ids and scores. */
  docScores(d: number): { ids: Int32Array; scores: TokenScores } {
    const [s, e] = this.range(d);
    const k = this.meta.topK;
    const sc = this.scores;
    return {
      ids: this.token.subarray(s, e),
      scores: {
        prob: sc.prob.subarray(s, e),
        logprob: sc.logprob.subarray(s, e),
        rank: sc.rank.subarray(s, e),
        entropy: sc.entropy.subarray(s, e),
        topkIds: sc.topkIds.subarray(s * k, e * k),
        topkProbs: sc.topkProbs.subarray(s * k, e * k),
        ...(sc.entropyBounds
          ? { entropyBounds: { lower: sc.entropyBounds.lower.subarray(s, e), upper: sc.entropyBounds.upper.subarray(s, e) } }
          : {}),
      },
    };
  }
}
