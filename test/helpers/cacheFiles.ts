import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Table, tableToIPC, type RecordBatch, type Schema } from "apache-arrow";
import type { PairScores, TokenScores } from "../../src/core/measures.ts";
import { batchToIPC, cacheSchema, scoresBatch, type CacheMeta } from "../../src/engine/AnalysisCache.ts";
import { emptyScores } from "../../src/engine/storeScores.ts";
import { pairBatch, pairCacheSchema, type PairCacheMeta } from "../../src/engine/PairCache.ts";
import { VERSION } from "../../src/version.ts";

/**
 * Token counts of the documents of cacheFiles(): documents without tokens
 * (1, 4 and the last), one longer than a chunk of 4 rows (2), and others
 * of every small size, so that chunks of 4 rows cut between and around
 * all of them.
 */
export const DOC_TOKENS = [2, 0, 7, 1, 0, 5, 9, 3, 4, 1, 6, 0];
const VOCAB = 500;

/** A seeded generator of numbers in [0, 1) (a linear congruential one, as syntheticCache's). */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** Random but valid scores for `ids`: sorted top-k lists, a rank that agrees with them, prob = exp(logprob). */
function scores(ids: Int32Array, k: number, rnd: () => number): TokenScores {
  const n = ids.length;
  const s: TokenScores = emptyScores(n, k);
  for (let i = 0; i < n; i++) {
    let p = 0.05 + 0.5 * rnd();
    for (let j = 0; j < k; j++) {
      s.topkProbs[i * k + j] = p;
      s.topkIds[i * k + j] = j * 40 + Math.floor(rnd() * 40);
      p *= 0.3 + 0.6 * rnd();
    }
    s.rank[i] = 1 + Math.floor(rnd() ** 3 * 60);
    s.logprob[i] = Math.log(s.rank[i] <= k ? s.topkProbs[i * k + s.rank[i] - 1] : s.topkProbs[i * k + k - 1] * rnd() + 1e-12);
    s.prob[i] = Math.exp(s.logprob[i]);
    s.entropy[i] = rnd() * 5;
  }
  return s;
}

export function cacheMeta(model: string, topK: number): CacheMeta {
  return {
    model,
    modelName: model,
    modelKind: "causal",
    modelDir: "",
    onnxSha256: model.padEnd(64, "0"),
    tokenizerFingerprint: "f".repeat(64),
    dataset: "d",
    datasetChecksum: "c".repeat(64),
    datasetSource: "(test)",
    nDocs: DOC_TOKENS.length,
    topK,
    vocabSize: VOCAB,
    window: 64,
    lmdiffVersion: VERSION,
  };
}

export interface CacheDoc {
  ids: Int32Array;
  scores: TokenScores;
  text: string;
}

/** The documents of a cache of model `seed`: the same token ids for every seed, scores of its own. */
export function cacheDocs(seed: number, k: number): CacheDoc[] {
  const rnd = random(seed);
  return DOC_TOKENS.map((n, d) => {
    const ids = Int32Array.from({ length: n }, (_, i) => (d * 37 + i * 11) % VOCAB);
    return { ids, scores: scores(ids, k, rnd), text: d === 2 ? "Grüße 😀, a longer text" : `text ${d}` };
  });
}

/** A cache file of these documents: one batch (as analyze writes it), or one batch per `batchDocs` documents (as lmdiff wrote before). */
export function writeCache(file: string, meta: CacheMeta, docs: CacheDoc[], batchDocs = docs.length): string {
  const schema = cacheSchema(meta);
  const batches: RecordBatch[] = [];
  for (let d = 0; d < docs.length; d += batchDocs) batches.push(scoresBatch(schema, meta.topK, d, docs.slice(d, d + batchDocs)));
  fs.writeFileSync(file, batches.length === 1 ? batchToIPC(batches[0]) : ipcWithMetadata(batches, schema));
  return file;
}

/** Batches as one Arrow file, with the schema's metadata (a Table of batches keeps the batches' schema without it). */
function ipcWithMetadata(batches: RecordBatch[], schema: Schema): Uint8Array {
  const t = new Table(batches);
  for (const [k, v] of schema.metadata) t.schema.metadata.set(k, v);
  return tableToIPC(t, "file");
}

/** A pair cache of models a and b on these documents, with random valid joint measures, in batches of `batchDocs` documents. */
export function writePairCache(file: string, a: CacheMeta, b: CacheMeta, batchDocs = DOC_TOKENS.length): string {
  const meta: PairCacheMeta = {
    model1: a.model,
    model1Name: a.modelName,
    model1Sha256: a.onnxSha256,
    model2: b.model,
    model2Name: b.modelName,
    model2Sha256: b.onnxSha256,
    tokenizerFingerprint: a.tokenizerFingerprint,
    dataset: a.dataset,
    datasetChecksum: a.datasetChecksum,
    nDocs: a.nDocs,
    window: 64,
    lmdiffVersion: VERSION,
  };
  const rnd = random(99);
  const docs: PairScores[] = DOC_TOKENS.map((n) => {
    const kl = Float32Array.from({ length: n }, () => rnd() * 3);
    return {
      kl,
      kl_reverse: Float32Array.from(kl, (v) => v * (0.5 + rnd())),
      js: Float32Array.from(kl, (v) => v / (v + 1.5)),
      tv: Float32Array.from(kl, (v) => Math.min(1, Math.sqrt(v / 2))),
    };
  });
  const schema = pairCacheSchema(meta);
  const batches: RecordBatch[] = [];
  for (let d = 0; d < docs.length; d += batchDocs) batches.push(pairBatch(schema, d, docs.slice(d, d + batchDocs)));
  fs.writeFileSync(file, batches.length === 1 ? batchToIPC(batches[0]) : ipcWithMetadata(batches, schema));
  return file;
}

export function tempDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `lmdiff-${name}-`));
}
