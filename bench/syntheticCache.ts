import * as fs from "node:fs";
import { Table, tableToIPC } from "apache-arrow";
import { batchToIPC, cacheSchema, scoresBatch, type CacheMeta } from "../src/engine/AnalysisCache.ts";
import { mergeParts } from "../src/engine/mergeParts.ts";
import { VERSION } from "../src/version.ts";

/** Documents per part, as analyze's parts hold them at most. */
const PART_DOCS = 2000;

/**
 * A valid analysis cache of random scores for about `tokens` tokens
 * (fortune-sized documents of 10 to 99 tokens), written the way analyze
 * writes one: parts of consecutive documents merged by mergeParts into one
 * record batch.  `layout: "parts"` writes the parts' batches side by side
 * instead, as lmdiff did before caches were merged into one batch, for
 * benchmarks that compare the two.  Caches of the same `tokens` and any
 * seed cover the same documents, so they can be compared.
 */
export async function syntheticCache(file: string, tokens: number, seed: number, layout: "merged" | "parts" = "merged"): Promise<string> {
  let s = seed;
  const rnd = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const k = 10;
  // Random but self-consistent scores, as the cache validation demands:
  // sorted top-k lists, a rank that agrees with them, prob = exp(logprob).
  function scores(n: number) {
    const topkProbs = new Float32Array(n * k);
    const topkIds = new Int32Array(n * k);
    const prob = new Float32Array(n);
    const logprob = new Float32Array(n);
    const rank = new Int32Array(n);
    const entropy = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let p = 0.05 + 0.5 * rnd();
      for (let j = 0; j < k; j++) {
        topkProbs[i * k + j] = p;
        topkIds[i * k + j] = j * 40 + Math.floor(rnd() * 40);
        p *= 0.3 + 0.6 * rnd();
      }
      rank[i] = 1 + Math.floor(rnd() ** 3 * 4000);
      logprob[i] = Math.log(rank[i] <= k ? topkProbs[i * k + rank[i] - 1] : topkProbs[i * k + k - 1] * rnd() + 1e-12);
      prob[i] = Math.exp(logprob[i]);
      entropy[i] = rnd() * 8;
    }
    return { prob, logprob, rank, entropy, topkIds, topkProbs };
  }
  // The same document lengths for every seed (caches must cover the same texts).
  const lengths: number[] = [];
  let total = 0;
  let ls = 99;
  while (total < tokens) {
    ls = (ls * 1103515245 + 12345) >>> 0;
    const len = 10 + (ls % 90);
    lengths.push(len);
    total += len;
  }
  const meta: CacheMeta = {
    model: `synthetic-${seed}`,
    modelName: `synthetic-${seed}`,
    modelKind: "causal",
    modelDir: "",
    onnxSha256: "0".repeat(64),
    tokenizerFingerprint: "f".repeat(64),
    dataset: "synthetic",
    datasetChecksum: "c".repeat(64),
    datasetSource: "(bench)",
    nDocs: lengths.length,
    topK: k,
    vocabSize: 4000,
    lmdiffVersion: VERSION,
  };
  const schema = cacheSchema(meta);
  // One part's documents at a time (in order, so that the scores are the
  // same however the parts are written): a cache of ten million tokens is
  // never whole in memory here, only in mergeParts.
  const part = (first: number) =>
    scoresBatch(
      schema,
      k,
      first,
      lengths.slice(first, first + PART_DOCS).map((len, i) => ({
        ids: Int32Array.from({ length: len }, (_, j) => (j * 31 + first + i) % 4000),
        text: `document ${first + i}`,
        scores: scores(len),
      })),
    );
  if (layout === "parts") {
    const batches = [];
    for (let i = 0; i < lengths.length; i += PART_DOCS) batches.push(part(i));
    fs.writeFileSync(file, tableToIPC(new Table(batches), "file"));
    return file;
  }
  const partDir = `${file}.partial`;
  fs.mkdirSync(partDir, { recursive: true });
  for (let i = 0; i < lengths.length; i += PART_DOCS)
    fs.writeFileSync(`${partDir}/part-${String(i / PART_DOCS).padStart(9, "0")}.arrow`, batchToIPC(part(i)));
  await mergeParts(partDir, schema, file);
  fs.rmSync(partDir, { recursive: true, force: true });
  return file;
}
