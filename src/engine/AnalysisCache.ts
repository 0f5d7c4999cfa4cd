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
  vectorFromArray,
} from "apache-arrow";
import { LmdiffError } from "../core/LmdiffError.js";
import type { TokenScores } from "../core/measures.js";
import { VERSION } from "../version.js";
import { validateCacheMeta, validateCacheSchema, validateCacheValues } from "./validateCache.js";

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
};

export function metaToMap(meta: CacheMeta): Map<string, string> {
  const m = new Map<string, string>([["lmdiff.format", CACHE_FORMAT]]);
  for (const [k, key] of Object.entries(META_KEYS)) {
    const v = meta[k as keyof CacheMeta];
    if (v !== undefined) m.set(key, String(v));
  }
  return m;
}

function metaFromMap(m: Map<string, string>, file: string): CacheMeta {
  if (m.get("lmdiff.format") !== CACHE_FORMAT)
    throw new LmdiffError(`${file} is an Arrow file but not an lmdiff analysis cache (format ${m.get("lmdiff.format") ?? "missing"})`, "bad-cache");
  const get = (k: keyof CacheMeta) => {
    const v = m.get(META_KEYS[k]);
    if (v === undefined) throw new LmdiffError(`${file}: cache metadata lacks ${META_KEYS[k]}`, "bad-cache");
    return v;
  };
  const vocabSize = m.get(META_KEYS.vocabSize);
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
  };
}

/** The columns of a cache, in order. */
export function cacheSchema(meta: CacheMeta): Schema {
  const k = meta.topK;
  return new Schema(
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
    ],
    metaToMap(meta),
  );
}

/**
 * One record batch for consecutive documents.  A document with no tokens
 * gets one placeholder row (pos −1, token −1) so that its text is kept.
 */
export function scoresBatch(
  schema: Schema,
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
  const texts: (string | null)[] = new Array(n).fill(null);
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
    r += len;
  });
  const f = schema.fields;
  const col = (i: number, data: Int32Array | Float32Array) => makeData({ type: f[i].type, length: n, data });
  const list = (i: number, data: Int32Array | Float32Array) => {
    const type = f[i].type as FixedSizeList;
    return makeData({ type, length: n, child: makeData({ type: type.children[0].type, length: n * k, data }) });
  };
  const children = [
    col(0, doc),
    col(1, pos),
    col(2, token),
    col(3, prob),
    col(4, logprob),
    col(5, rank),
    col(6, entropy),
    list(7, topkIds),
    list(8, topkProbs),
    vectorFromArray(texts, new Utf8()).data[0],
  ];
  return new RecordBatch(schema, makeData({ type: new Struct(f), length: n, children }));
}

/** Serialise one batch as a complete Arrow IPC file. */
export function batchToIPC(batch: RecordBatch): Uint8Array {
  return tableToIPC(new Table([batch]), "file");
}

function flat<T extends Int32Array | Float32Array>(table: Table, name: string, Ctor: { new (n: number): T }, width = 1): T {
  const vec = table.getChild(name);
  if (!vec) throw new LmdiffError(`cache lacks column ${name}`, "bad-cache");
  const out = new Ctor(table.numRows * width);
  let off = 0;
  for (const d of vec.data) {
    const src = width === 1 ? d.values : d.children[0].values;
    const start = d.offset * width;
    out.set((src as T).subarray(start, start + d.length * width), off);
    off += d.length * width;
  }
  return out;
}

/**
 * A finished analysis of one dataset by one model: an Arrow IPC file with
 * one row per token (see cacheSchema), opened for reading.  Column data is
 * held as flat typed arrays; a document's rows are contiguous.
 */
export class AnalysisCache {
  readonly meta: CacheMeta;
  readonly nTokens: number;
  private readonly starts: Int32Array;
  private readonly texts: string[];
  readonly doc: Int32Array;
  readonly token: Int32Array;
  readonly scores: TokenScores;

  private constructor(readonly path: string, readonly table: Table) {
    this.meta = metaFromMap(table.schema.metadata, path);
    validateCacheMeta(path, table.schema.metadata, this.meta);
    validateCacheSchema(path, table, cacheSchema(this.meta));
    const k = this.meta.topK;
    this.doc = flat(table, "doc", Int32Array);
    this.token = flat(table, "token", Int32Array);
    this.scores = {
      prob: flat(table, "prob", Float32Array),
      logprob: flat(table, "logprob", Float32Array),
      rank: flat(table, "rank", Int32Array),
      entropy: flat(table, "entropy", Float32Array),
      topkIds: flat(table, "topk_ids", Int32Array, k),
      topkProbs: flat(table, "topk_probs", Float32Array, k),
    };
    // Positions are only needed to check the rows; they are not kept.
    validateCacheValues(path, this.meta, { doc: this.doc, pos: flat(table, "pos", Int32Array), token: this.token, scores: this.scores });
    // The checks guarantee that documents 0 to nDocs − 1 each start a run of rows, in order.
    const nDocs = this.meta.nDocs;
    this.starts = new Int32Array(nDocs + 1);
    this.texts = new Array(nDocs).fill("");
    const textCol = table.getChild("text")!;
    let tokens = 0;
    for (let r = 0; r < this.doc.length; r++) {
      const d = this.doc[r];
      if (r === 0 || d !== this.doc[r - 1]) {
        this.starts[d] = r;
        this.texts[d] = textCol.get(r) ?? "";
      }
      if (this.token[r] >= 0) tokens++;
    }
    this.starts[nDocs] = this.doc.length;
    this.nTokens = tokens;
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
    let table: Table;
    try {
      table = tableFromIPC(buf);
    } catch (e) {
      throw new LmdiffError(`${file} is corrupted (${(e as Error).message.split("\n")[0]}); delete it and run the analysis again`, "bad-cache");
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
    return this.texts[d];
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
      },
    };
  }
}
