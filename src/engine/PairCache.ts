import * as fs from "node:fs";
import { Field, Float32, Int32, makeData, RecordBatch, Schema, Struct, Table, tableFromIPC } from "apache-arrow";
import { LmdiffError } from "../core/LmdiffError.js";
import { JOINT_MEASURES, type PairScores } from "../core/measures.js";
import { VERSION } from "../version.js";
import type { AnalysisCache } from "./AnalysisCache.js";
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

function corrupted(file: string, what: string): LmdiffError {
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
    validateCacheVersion(path, table.schema.metadata, { format: PAIR_CACHE_FORMAT, version: VERSION });
    const md = table.schema.metadata;
    if (md.get("lmdiff.format") !== PAIR_CACHE_FORMAT)
      throw new LmdiffError(
        `${path} is an Arrow file but not an lmdiff pair cache (format ${md.get("lmdiff.format") ?? "missing"})`,
        "bad-cache",
      );
    const get = (k: keyof PairCacheMeta) => {
      const v = md.get(META_KEYS[k]);
      if (v === undefined) throw corrupted(path, `metadata lacks ${META_KEYS[k]}`);
      return v;
    };
    this.meta = {
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
    validateCacheSchema(path, table, pairCacheSchema(this.meta));
    this.doc = columnValues(table, "doc", Int32Array);
    this.pos = columnValues(table, "pos", Int32Array);
    this.values = Object.fromEntries(JOINT_MEASURES.map((m) => [m, columnValues(table, m, Float32Array)])) as PairScores;
    for (let r = 0; r < this.doc.length; r++) {
      if (this.pos[r] < 0) continue;
      for (const m of JOINT_MEASURES) {
        const v = this.values[m][r];
        const max = m === "js" || m === "tv" ? 1 + 1e-5 : Infinity;
        if (!(v >= -1e-6 && v <= max))
          throw corrupted(path, `column ${m} holds ${v} at row ${r} (expected ${max === Infinity ? "≥ 0" : "0 to 1"})`);
      }
    }
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
      throw corrupted(file, (e as Error).message.split("\n")[0]);
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
    const m = this.meta;
    if (m.datasetChecksum !== a.meta.datasetChecksum || m.nDocs !== a.meta.nDocs) return null;
    // Texts longer than the window are scored in windows: the joint measures
    // belong to the caches only when both were scored with the same one.
    if ([a, b].some((c) => c.meta.window !== undefined && c.meta.window !== m.window)) return null;
    const pairOf = (x: AnalysisCache, y: AnalysisCache) => x.meta.onnxSha256 === m.model1Sha256 && y.meta.onnxSha256 === m.model2Sha256;
    const o = pairOf(a, b) ? "same" : pairOf(b, a) ? "swapped" : null;
    if (!o) return null;
    if (this.doc.length !== a.doc.length || this.doc.some((d, r) => d !== a.doc[r]))
      throw new LmdiffError(
        `${this.path} does not line up with ${a.path} (other rows); delete the pair cache and run lmdiff preprocess all again`,
        "bad-cache",
      );
    return o;
  }

  /** The joint measures of the tokens in rows [start, end), as model 1 → model 2 or swapped. */
  rows(start: number, end: number, swapped: boolean): PairScores {
    const v = this.values;
    return {
      kl: (swapped ? v.kl_reverse : v.kl).subarray(start, end),
      kl_reverse: (swapped ? v.kl : v.kl_reverse).subarray(start, end),
      js: v.js.subarray(start, end),
      tv: v.tv.subarray(start, end),
    };
  }
}
