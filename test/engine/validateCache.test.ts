import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { Float64, Table, tableFromIPC, tableToIPC, Utf8, vectorFromArray, type Vector } from "apache-arrow";
import type { TokenScores } from "../../src/core/measures.ts";
import { AnalysisCache, batchToIPC, cacheSchema, scoresBatch, type CacheMeta } from "../../src/engine/AnalysisCache.ts";
import { analyze } from "../../src/engine/analyze.ts";
import { inlineDataset } from "../../src/engine/Dataset.ts";
import { Model } from "../../src/engine/Model.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-validate-"));
const K = 3;
const VOCAB = 50;

const baseMeta = (extra: Partial<CacheMeta> = {}): CacheMeta => ({
  model: "synthetic",
  modelName: "synthetic",
  modelKind: "causal",
  modelDir: "/nowhere",
  onnxSha256: "0".repeat(64),
  tokenizerFingerprint: "f".repeat(64),
  dataset: "synthetic",
  datasetChecksum: "c".repeat(64),
  datasetSource: "(test)",
  nDocs: 3,
  topK: K,
  lmdiffVersion: "0.0.0",
  ...extra,
});

/**
 * Scores the way the engine writes them: a softmax over a small seeded
 * vocabulary, the token's probability, its rank, the entropy and the top k.
 */
function synthetic(ids: Int32Array, k: number, seed: number): TokenScores {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const n = ids.length;
  const out: TokenScores = {
    prob: new Float32Array(n),
    logprob: new Float32Array(n),
    rank: new Int32Array(n),
    entropy: new Float32Array(n),
    topkIds: new Int32Array(n * k),
    topkProbs: new Float32Array(n * k),
  };
  for (let i = 0; i < n; i++) {
    const logits = Array.from({ length: VOCAB }, () => rand() * 8);
    const max = Math.max(...logits);
    const z = logits.reduce((a, x) => a + Math.exp(x - max), 0);
    const lsm = logits.map((x) => Math.fround(x - max - Math.log(z)));
    const t = ids[i];
    out.logprob[i] = lsm[t];
    out.prob[i] = Math.exp(lsm[t]);
    out.rank[i] = 1 + logits.filter((x) => x > logits[t]).length;
    out.entropy[i] = -lsm.reduce((a, l) => a + Math.exp(l) * l, 0);
    const order = lsm.map((l, id) => ({ l, id })).sort((a, b) => b.l - a.l);
    for (let j = 0; j < k; j++) {
      out.topkIds[i * k + j] = order[j].id;
      out.topkProbs[i * k + j] = Math.exp(order[j].l);
    }
  }
  return out;
}

/** A valid three-document cache (the middle document has no tokens), as IPC bytes. */
function validCache(meta = baseMeta(), edit?: (docs: { ids: Int32Array; scores: TokenScores; text: string }[]) => void): Uint8Array {
  const docs = [
    { ids: Int32Array.of(3, 14, 15, 9, 26), text: "first" },
    { ids: new Int32Array(0), text: "no tokens" },
    { ids: Int32Array.of(5, 35, 8), text: "third" },
  ].map((d, i) => ({ ...d, scores: synthetic(d.ids, meta.topK, 7 + i) }));
  edit?.(docs);
  return batchToIPC(scoresBatch(cacheSchema(meta), meta.topK, 0, docs));
}

let files = 0;
function write(bytes: Uint8Array): string {
  const file = path.join(dir, `cache-${files++}.arrow`);
  fs.writeFileSync(file, bytes);
  return file;
}

/** The valid cache with one column replaced (or dropped, for null), metadata kept. */
function withColumn(name: string, vec: Vector | null, bytes = validCache()): Uint8Array {
  const t = tableFromIPC(bytes);
  const cols: Record<string, Vector> = {};
  for (const f of t.schema.fields) {
    if (f.name !== name) cols[f.name] = t.getChild(f.name)!;
    else if (vec) cols[name] = vec;
  }
  const out = new Table(cols);
  for (const [k, v] of t.schema.metadata) out.schema.metadata.set(k, v);
  return tableToIPC(out, "file");
}

/** The valid cache with one metadata entry changed. */
function withMeta(key: string, value: string): Uint8Array {
  const t = tableFromIPC(validCache());
  t.schema.metadata.set(key, value);
  return tableToIPC(t, "file");
}

function assertCorrupted(file: string, detail: string) {
  const expected = `lmdiff: ${file}: ${detail}; the cache is corrupted — delete it and run the analysis again`;
  assert.throws(
    () => AnalysisCache.open(file),
    (e: Error) => {
      assert.equal(e.name, "LmdiffError");
      assert.equal((e as { code?: string }).code, "bad-cache");
      assert.equal(e.message, expected);
      return true;
    },
  );
}

test("AnalysisCache.open accepts a valid cache, with or without lmdiff.vocab_size", () => {
  for (const meta of [baseMeta(), baseMeta({ vocabSize: VOCAB })]) {
    const c = AnalysisCache.open(write(validCache(meta)));
    assert.equal(c.meta.vocabSize, meta.vocabSize);
    assert.equal(c.nTokens, 8);
    assert.deepEqual(c.range(1), [5, 5]);
    assert.equal(c.text(2), "third");
    assert.deepEqual(Array.from(c.docScores(2).ids), [5, 35, 8]);
  }
});

test("AnalysisCache.open rejects prob stored as Utf8 text", () => {
  const t = tableFromIPC(validCache());
  const text = vectorFromArray(Array.from(t.getChild("prob")!.toArray() as Float32Array, String), new Utf8());
  assertCorrupted(write(withColumn("prob", text)), "column prob has type Utf8 (expected Float32)");
});

test("AnalysisCache.open rejects rank stored as Float64 with values + 0.5", () => {
  const t = tableFromIPC(validCache());
  const rank = vectorFromArray(
    Array.from(t.getChild("rank")!.toArray() as Int32Array, (r) => r + 0.5),
    new Float64(),
  );
  assertCorrupted(write(withColumn("rank", rank)), "column rank has type Float64 (expected Int32)");
});

test("AnalysisCache.open rejects a missing column", () => {
  assertCorrupted(write(withColumn("entropy", null)), "column entropy is missing");
});

test("AnalysisCache.open rejects top-k lists of another size than lmdiff.top_k", () => {
  assertCorrupted(
    write(withMeta("lmdiff.top_k", "4")),
    "column topk_ids has type FixedSizeList[3]<Int32> (expected FixedSizeList[4]<Int32>)",
  );
});

test("AnalysisCache.open rejects a null in a non-nullable column", () => {
  const t = tableFromIPC(validCache());
  const ent = Array.from(t.getChild("entropy")!.toArray() as Float32Array) as (number | null)[];
  ent[6] = null;
  const vec = vectorFromArray(ent, t.getChild("entropy")!.type);
  assertCorrupted(write(withColumn("entropy", vec)), "column entropy holds null at row 6 (expected no nulls)");
});

test("AnalysisCache.open rejects metadata numbers that are not positive integers, and unknown model kinds", () => {
  assertCorrupted(write(withMeta("lmdiff.top_k", "ten")), 'metadata lmdiff.top_k is "ten" (expected an integer ≥ 1)');
  assertCorrupted(write(withMeta("lmdiff.top_k", "0")), 'metadata lmdiff.top_k is "0" (expected an integer ≥ 1)');
  assertCorrupted(write(withMeta("lmdiff.n_docs", "2.5")), 'metadata lmdiff.n_docs is "2.5" (expected an integer ≥ 1)');
  assertCorrupted(write(withMeta("lmdiff.n_docs", "0")), 'metadata lmdiff.n_docs is "0" (expected an integer ≥ 1)');
  assertCorrupted(write(withMeta("lmdiff.vocab_size", "-3")), 'metadata lmdiff.vocab_size is "-3" (expected an integer ≥ 1)');
  assertCorrupted(write(withMeta("lmdiff.model_kind", "seq2seq")), 'metadata lmdiff.model_kind is "seq2seq" (expected causal or masked)');
});

test("AnalysisCache.open rejects n_docs that disagrees with the rows", () => {
  assertCorrupted(write(withMeta("lmdiff.n_docs", "4")), "the rows cover 3 documents but metadata lmdiff.n_docs says 4");
  assertCorrupted(write(withMeta("lmdiff.n_docs", "2")), "column doc holds 2 at row 6 (expected a document index below n_docs = 2)");
});

test("AnalysisCache.open rejects a negative top-k id", () => {
  const bytes = validCache(baseMeta(), (docs) => {
    docs[2].scores.topkIds[1 * K + 2] = -47;
  });
  assertCorrupted(write(bytes), "column topk_ids holds -47 at row 7, entry 2 (expected a token id ≥ 0)");
});

test("AnalysisCache.open rejects token ids, top-k ids and ranks beyond lmdiff.vocab_size", () => {
  const meta = baseMeta({ vocabSize: VOCAB });
  const token = validCache(meta, (docs) => {
    docs[0].ids[2] = VOCAB;
  });
  assertCorrupted(write(token), `column token holds ${VOCAB} at row 2 (expected a token id from 0 to ${VOCAB - 1})`);
  const id = validCache(meta, (docs) => {
    docs[2].scores.topkIds[2 * K] = VOCAB + 3;
  });
  assertCorrupted(write(id), `column topk_ids holds ${VOCAB + 3} at row 8, entry 0 (expected a token id from 0 to ${VOCAB - 1})`);
  const rank = validCache(meta, (docs) => {
    docs[2].scores.rank[0] = VOCAB + 1;
  });
  assertCorrupted(write(rank), `column rank holds ${VOCAB + 1} at row 6 (expected an integer from 1 to ${VOCAB})`);
});

test("AnalysisCache.open rejects ranks below 1 or at another place than the token's probability in the top-k list", () => {
  const zero = validCache(baseMeta(), (docs) => {
    docs[0].scores.rank[3] = 0;
  });
  assertCorrupted(write(zero), "column rank holds 0 at row 3 (expected an integer ≥ 1)");
  let row = -1;
  const moved = validCache(baseMeta(), (docs) => {
    // A token that is not the top prediction, given rank 1.
    const s = docs[0].scores;
    row = Array.from(s.rank).findIndex((r, i) => s.topkProbs[i * K] > s.prob[i] * 1.01);
    s.rank[row] = 1;
  });
  assert.ok(row >= 0, "the synthetic data have such a token");
  assert.throws(
    () => AnalysisCache.open(write(moved)),
    new RegExp(`: column rank holds 1 at row ${row} \\(expected the position of prob [\\d.]+ in the top-k list\\)`),
  );
});

test("AnalysisCache.open rejects prob outside [0, 1] or inconsistent with exp(logprob)", () => {
  const big = validCache(baseMeta(), (docs) => {
    docs[0].scores.prob[1] = 1.5;
  });
  assertCorrupted(write(big), "column prob holds 1.5 at row 1 (expected a probability from 0 to 1)");
  const off = validCache(baseMeta(), (docs) => {
    docs[0].scores.prob[2] = docs[0].scores.prob[2] * 1.01;
  });
  assert.throws(
    () => AnalysisCache.open(write(off)),
    /: column prob holds [\d.e-]+ at row 2 \(expected exp\(logprob\) = [\d.e-]+, with logprob -[\d.]+\); the cache is corrupted/,
  );
});

test("AnalysisCache.open rejects NaN outside placeholder rows", () => {
  const nan = validCache(baseMeta(), (docs) => {
    docs[2].scores.entropy[0] = NaN;
  });
  assertCorrupted(write(nan), "column entropy holds NaN at row 6 (expected an entropy ≥ 0)");
  const lp = validCache(baseMeta(), (docs) => {
    docs[0].scores.logprob[4] = NaN;
  });
  assertCorrupted(write(lp), "column logprob holds NaN at row 4 (expected a log-probability ≤ 0)");
});

test("AnalysisCache.open rejects negative entropy beyond float rounding, and allows the rounding", () => {
  const tiny = validCache(baseMeta(), (docs) => {
    docs[0].scores.entropy[0] = -1e-7;
  });
  AnalysisCache.open(write(tiny));
  const neg = validCache(baseMeta(), (docs) => {
    docs[0].scores.entropy[0] = -0.5;
  });
  assertCorrupted(write(neg), "column entropy holds -0.5 at row 0 (expected an entropy ≥ 0)");
});

test("AnalysisCache.open rejects top-k probabilities that are not sorted, and allows ties", () => {
  const tie = validCache(baseMeta(), (docs) => {
    // Row 1's second entry ties with its first; the token is not at either place.
    assert.ok(docs[0].scores.rank[1] > 2);
    const p = docs[0].scores.topkProbs;
    p[K + 1] = p[K];
  });
  AnalysisCache.open(write(tie));
  const unsorted = validCache(baseMeta(), (docs) => {
    const p = docs[2].scores.topkProbs;
    p[2] = p[0] * 1.5 > 1 ? 1 : p[0] * 1.5;
  });
  assert.throws(
    () => AnalysisCache.open(write(unsorted)),
    /: column topk_probs holds [\d.]+ at row 6, entry 2 \(expected at most [\d.]+: each list is sorted by probability, largest first\)/,
  );
});

test("AnalysisCache.open rejects positions that do not count up from 0 within a document", () => {
  const t = tableFromIPC(validCache());
  const pos = Int32Array.from(t.getChild("pos")!.toArray() as Int32Array);
  pos[3] = 7;
  // An Int32Array makes an Int32 vector, the column's type.
  const vec = vectorFromArray(pos);
  assertCorrupted(write(withColumn("pos", vec)), "column pos holds 7 at row 3 (expected 3: positions count up from 0 within a document)");
});

test("AnalysisCache.open rejects an engine-written cache with 4 flipped bytes at a top-k id", async () => {
  const m = await Model.load("tiny-en", { workers: 0 });
  try {
    const file = path.join(dir, "engine.arrow");
    await analyze(m, inlineDataset(["Hello world.", "A second, slightly longer text."]), { output: file, topK: 4 });
    const good = AnalysisCache.open(file);
    assert.equal(good.meta.topK, 4);
    // The top-4 ids of the first two tokens, as they lie in the file (little-endian
    // int32).  Two rows, because every text's first row has the same list.
    const first = good.scores.topkIds.slice(0, 8);
    const bytes = fs.readFileSync(file);
    const at = bytes.indexOf(Buffer.from(first.buffer));
    assert.ok(at > 0 && bytes.lastIndexOf(Buffer.from(first.buffer)) === at, "the top-k ids of rows 0 and 1 occur once in the file");
    bytes.writeInt32LE(-47, at + 4);
    const bad = path.join(dir, "engine-flipped.arrow");
    fs.writeFileSync(bad, bytes);
    assertCorrupted(bad, "column topk_ids holds -47 at row 0, entry 1 (expected a token id from 0 to 4095)");
  } finally {
    await m.dispose();
  }
});
