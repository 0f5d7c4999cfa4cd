import * as fs from "node:fs";
import { Field, Float32, Int32, makeData, RecordBatch, Schema, Struct, Table, tableFromIPC } from "apache-arrow";
import { LmdiffError } from "../core/LmdiffError.js";
import { JOINT_MEASURES, type PairScores } from "../core/measures.js";
import { VERSION } from "../version.js";
import type { AnalysisCache, CacheMeta } from "./AnalysisCache.js";
import { columnValues } from "./columnValues.js";
import { validateCacheSchema, validateCacheVersion } from "./validateCache.js";

export const PAIR_CACHE_FORMAT = "lmdiff-pair-cache/1";

/**
 * What a pair cache records about how it was made (Arrow schema metadata):
 * the two models by name and by the sha256 of their ONNX files, the
 * dataset, and the window both were scored with.
 */
export interface PairCacheMeta {
  model1: string;
  model1Name: string;
  model1Sha256: string;
  model2: string;
  model2Name: string;
  model2Sha256: string;
  tokenizerFingerprint: string;
  dataset: string;
  datasetChecksum: string;
  nDocs: number;
  window: number;
  lmdiffVersion: string;
}

const META_KEYS: Record<keyof PairCacheMeta, string> = {
  model1: "lmdiff.model_1",
  model1Name: "lmdiff.model_1_name",
  model1Sha256: "lmdiff.model_1_onnx_sha256",
  model2: "lmdiff.model_2",
  model2Name: "lmdiff.model_2_name",
  model2Sha256: "lmdiff.model_2_onnx_sha256",
  tokenizerFingerprint: "lmdiff.tokenizer_fingerprint",
  dataset: "lmdiff.dataset",
  datasetChecksum: "lmdiff.dataset_checksum",
  nDocs: "lmdiff.n_docs",
  window: "lmdiff.window",
  lmdiffVersion: "lmdiff.version",
};

/**
 * The columns of a pair cache: one row per row of model 1's cache (a
 * document's tokens, or one placeholder row with pos −1 for a document
 * without tokens), and the joint measures of that token (see
 * JOINT_MEASURES): kl = KL(P₁‖P₂) and kl_reverse = KL(P₂‖P₁) in nats, js in
 * bits, tv.
 */
export function pairCacheSchema(meta: PairCacheMeta): Schema {
  const m = new Map<string, string>([["lmdiff.format", PAIR_CACHE_FORMAT]]);
  for (const [k, key] of Object.entries(META_KEYS)) m.set(key, String(meta[k as keyof PairCacheMeta]));
  return new Schema(
    [
      new Field("doc", new Int32(), false),
      new Field("pos", new Int32(), false),
      ...JOINT_MEASURES.map((name) => new Field(name, new Float32(), false)),
    ],
    m,
  );
}

/** One record batch of consecutive documents' joint measures (placeholder rows as in scoresBatch). */
export function pairBatch(schema: Schema, firstDoc: number, docs: PairScores[]): RecordBatch {
  let n = 0;
  for (const d of docs) n += Math.max(1, d.kl.length);
  const doc = new Int32Array(n);
  const pos = new Int32Array(n);
  const cols = Object.fromEntries(JOINT_MEASURES.map((m) => [m, new Float32Array(n)])) as PairScores;
  let r = 0;
  docs.forEach((d, i) => {
    const len = d.kl.length;
    if (len === 0) {
      doc[r] = firstDoc + i;
      pos[r] = -1;
      for (const m of JOINT_MEASURES) cols[m][r] = NaN;
      r++;
      return;
    }
    doc.fill(firstDoc + i, r, r + len);
    for (let j = 0; j < len; j++) pos[r + j] = j;
    for (const m of JOINT_MEASURES) cols[m].set(d[m], r);
    r += len;
  });
  const f = schema.fields;
  const children = [
    makeData({ type: f[0].type as Int32, length: n, data: doc }),
    makeData({ type: f[1].type as Int32, length: n, data: pos }),
    ...JOINT_MEASURES.map((m, i) => makeData({ type: f[2 + i].type as Float32, length: n, data: cols[m] })),
  ];
  return new RecordBatch(schema, makeData({ type: new Struct(f), length: n, children }));
}

/** A one-line error for a damaged pair cache, saying what to do. */
export function pairCacheCorrupted(file: string, what: string): LmdiffError {
  return new LmdiffError(`${file}: ${what}; the pair cache is corrupted — delete it and run lmdiff preprocess all again`, "bad-cache");
}

/**
 * The joint measures of two models on one dataset (KL both ways, JS, TV
 * at every token), as `lmdiff preprocess all` writes them beside the two
 * models' own caches: an Arrow IPC file, one row per row of model 1's
 * cache.  Opened with its values checked (finite, KL ≥ 0, JS and TV in
 * [0, 1]), and usable for the comparison of the two caches in either
 * order (KL and reverse KL then swap).
 */
export class PairCache {
  readonly meta: PairCacheMeta;
  private readonly doc: Int32Array;
  private readonly pos: Int32Array;
  private readonly values: PairScores;

  private constructor(
    readonly path: string,
    table: Table,
  ) {
    this.meta = pairCacheMeta(path, table.schema.metadata);
    validateCacheSchema(path, table, pairCacheSchema(this.meta));
    this.doc = columnValues(table, "doc", Int32Array);
    this.pos = columnValues(table, "pos", Int32Array);
    this.values = Object.fromEntries(JOINT_MEASURES.map((m) => [m, columnValues(table, m, Float32Array)])) as PairScores;
    validatePairValues(path, this.pos, this.values);
  }

  /** Open a pair cache; a missing, truncated or foreign file gets a clear error. */
  static open(file: string): PairCache {
    if (!fs.existsSync(file)) throw new LmdiffError(`no pair cache at ${file} (lmdiff preprocess all writes one)`, "not-found", 404);
    const buf = fs.readFileSync(file);
    const magic = Buffer.from("ARROW1");
    if (buf.length < 12 || !buf.subarray(0, 6).equals(magic) || !buf.subarray(buf.length - 6).equals(magic))
      throw new LmdiffError(`${file} is not a complete Arrow IPC file; delete it and run lmdiff preprocess all again`, "bad-cache");
    let table: Table;
    try {
      table = tableFromIPC(buf);
    } catch (e) {
      throw pairCacheCorrupted(file, (e as Error).message.split("\n")[0]);
    }
    return new PairCache(file, table);
  }

  /**
   * How this pair cache lines up with the comparison of caches a (model 1)
   * and b (model 2): "same" when it was made for (a, b), "swapped" for
   * (b, a), null when it belongs to other models or another dataset.  Its
   * rows must be a's rows (documents and positions), or it is refused as
   * not matching.
   */
  orientation(a: AnalysisCache, b: AnalysisCache): "same" | "swapped" | null {
    const o = pairOrientation(this.meta, a.meta, b.meta);
    if (!o) return null;
    if (this.doc.length !== a.doc.length || this.doc.some((d, r) => d !== a.doc[r])) throw pairMisaligned(this.path, a.path);
    return o;
  }

  /** The joint measures of the tokens in rows [start, end), as model 1 → model 2 or swapped. */
  rows(start: number, end: number, swapped: boolean): PairScores {
    return pairRows(this.values, start, end, swapped);
  }
}

/**
 * The metadata of a pair cache, read from its Arrow schema metadata: a
 * pair cache of a newer lmdiff, a foreign file, or a missing key is an
 * error that names `path`.
 */
export function pairCacheMeta(path: string, md: Map<string, string>): PairCacheMeta {
  validateCacheVersion(path, md, { format: PAIR_CACHE_FORMAT, version: VERSION });
  if (md.get("lmdiff.format") !== PAIR_CACHE_FORMAT)
    throw new LmdiffError(
      `${path} is an Arrow file but not an lmdiff pair cache (format ${md.get("lmdiff.format") ?? "missing"})`,
      "bad-cache",
    );
  const get = (k: keyof PairCacheMeta) => {
    const v = md.get(META_KEYS[k]);
    if (v === undefined) throw pairCacheCorrupted(path, `metadata lacks ${META_KEYS[k]}`);
    return v;
  };
  return {
    model1: get("model1"),
    model1Name: get("model1Name"),
    model1Sha256: get("model1Sha256"),
    model2: get("model2"),
    model2Name: get("model2Name"),
    model2Sha256: get("model2Sha256"),
    tokenizerFingerprint: get("tokenizerFingerprint"),
    dataset: get("dataset"),
    datasetChecksum: get("datasetChecksum"),
    nDocs: Number(get("nDocs")),
    window: Number(get("window")),
    lmdiffVersion: get("lmdiffVersion"),
  };
}

/**
 * The values of a pair cache's rows (finite, KL ≥ 0, JS and TV in
 * [0, 1]), placeholder rows (pos −1) left out; the rows may be a chunk of
 * the file that starts at row `firstRow` (see PairCacheReader).
 */
export function validatePairValues(path: string, pos: Int32Array, values: PairScores, firstRow = 0): void {
  for (let r = 0; r < pos.length; r++) {
    if (pos[r] < 0) continue;
    for (const m of JOINT_MEASURES) {
      const v = values[m][r];
      const max = m === "js" || m === "tv" ? 1 + 1e-5 : Infinity;
      if (!(v >= -1e-6 && v <= max))
        throw pairCacheCorrupted(path, `column ${m} holds ${v} at row ${firstRow + r} (expected ${max === Infinity ? "≥ 0" : "0 to 1"})`);
    }
  }
}

/**
 * How a pair cache lines up with caches of model 1 (a) and model 2 (b), by
 * their metadata: "same", "swapped", or null when it belongs to other
 * models or another dataset.  Whether its rows are a's rows is checked
 * apart (see pairMisaligned).
 */
export function pairOrientation(m: PairCacheMeta, a: CacheMeta, b: CacheMeta): "same" | "swapped" | null {
  if (m.datasetChecksum !== a.datasetChecksum || m.nDocs !== a.nDocs) return null;
  // Texts longer than the window are scored in windows: the joint measures
  // belong to the caches only when both were scored with the same one.
  if ([a, b].some((c) => c.window !== undefined && c.window !== m.window)) return null;
  const pairOf = (x: CacheMeta, y: CacheMeta) => x.onnxSha256 === m.model1Sha256 && y.onnxSha256 === m.model2Sha256;
  return pairOf(a, b) ? "same" : pairOf(b, a) ? "swapped" : null;
}

/** The error for a pair cache whose rows (documents) are not the rows of model 1's cache. */
export function pairMisaligned(pairPath: string, cachePath: string): LmdiffError {
  return new LmdiffError(
    `${pairPath} does not line up with ${cachePath} (other rows); delete the pair cache and run lmdiff preprocess all again`,
    "bad-cache",
  );
}

/** Views of rows [start, end) of a pair cache's columns, as model 1 → model 2 or swapped (KL and reverse KL trade places). */
export function pairRows(v: PairScores, start: number, end: number, swapped: boolean): PairScores {
  return {
    kl: (swapped ? v.kl_reverse : v.kl).subarray(start, end),
    kl_reverse: (swapped ? v.kl : v.kl_reverse).subarray(start, end),
    js: v.js.subarray(start, end),
    tv: v.tv.subarray(start, end),
  };
}
