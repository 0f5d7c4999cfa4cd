import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { RecordBatch } from "apache-arrow";
import type { TokenScores } from "../../src/core/measures.ts";
import { batchToIPC, cacheSchema, scoresBatch, type CacheMeta } from "../../src/engine/AnalysisCache.ts";
import { VERSION } from "../../src/version.ts";

export const K = 3;
/** Five texts; document 1 has no tokens, document 2 is not ASCII. */
export const TEXTS = ["first text", "", "Grüße 😀", "fourth", "fifth, the last"];

export const META: CacheMeta = {
  model: "m",
  modelName: "m",
  modelKind: "causal",
  modelDir: "",
  onnxSha256: "0".repeat(64),
  tokenizerFingerprint: "f".repeat(64),
  dataset: "d",
  datasetChecksum: "c".repeat(64),
  datasetSource: "(test)",
  nDocs: TEXTS.length,
  topK: K,
  lmdiffVersion: VERSION,
};
export const SCHEMA = cacheSchema(META);

/** Valid scores that name their token t: rank 1, logprob −t/100, top-k ids [t, t + 1, t + 2]. */
function scores(ids: Int32Array): TokenScores {
  const n = ids.length;
  const logprob = Float32Array.from(ids, (t) => -t / 100);
  const prob = Float32Array.from(logprob, Math.exp);
  const topkIds = Int32Array.from({ length: n * K }, (_, i) => ids[Math.floor(i / K)] + (i % K));
  const topkProbs = Float32Array.from({ length: n * K }, (_, i) => prob[Math.floor(i / K)] / (1 + (i % K)));
  return { prob, logprob, rank: new Int32Array(n).fill(1), entropy: new Float32Array(n).fill(1), topkIds, topkProbs };
}

/**
 * A part folder as analyze writes one: documents [0, 2), [2, 4) and
 * [4, 5) of TEXTS in three part files, document d with 2 + d tokens
 * (ids 10·d, 10·d + 1, …) except document 1, which has none.
 */
export function cacheParts(): { dir: string; batches: RecordBatch[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-parts-"));
  const docs = TEXTS.map((text, d) => {
    const ids = Int32Array.from({ length: d === 1 ? 0 : 2 + d }, (_, i) => 10 * d + i);
    return { ids, text, scores: scores(ids) };
  });
  const batches = [
    [0, 2],
    [2, 4],
    [4, 5],
  ].map(([a, b]) => scoresBatch(SCHEMA, K, a, docs.slice(a, b)));
  batches.forEach((b, i) => fs.writeFileSync(path.join(dir, `part-${String(i).padStart(9, "0")}.arrow`), batchToIPC(b)));
  return { dir, batches };
}
