import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_MAX_CLAMP_RANK, DEFAULT_TOP_K } from "../core/options.js";
import type { AnalyzeOptions, Progress } from "./analyze.js";
import type { AnalysisCache } from "./AnalysisCache.js";
import { analyze } from "./analyze.js";
import { analyzePair } from "./analyzePair.js";
import { comparisonTable } from "./compareCaches.js";
import type { Dataset } from "./Dataset.js";
import { Model } from "./Model.js";
import type { PairCache } from "./PairCache.js";
import { mergeProjectConfig, type ProjectConfig } from "./ProjectConfig.js";
import { jointScoringProblem } from "./scorePair.js";
import { safeFileName } from "./safeFileName.js";
import { saveTable } from "./saveTable.js";

export interface PreprocessOptions {
  topK?: number;
  maxClampRank?: number;
  force?: boolean;
  signal?: AbortSignal;
  /** Called when another run is writing one of the same caches and this one waits for it. */
  onWait?: AnalyzeOptions["onWait"];
  /** A progress reporter per analysis (the CLI passes analysisProgress). */
  progress?: (label: string) => { update: (p: Progress) => void; stop: () => void };
}

/**
 * What `lmdiff preprocess all` does, as a function: analyse the dataset with
 * both models into OUT/caches (reusing finished caches, resuming partial
 * ones) — together, with their joint measures into OUT/pairs, when they can
 * be scored together (see analyzePair) — compare them in both orders into
 * OUT/comparisons, and merge the entries into OUT/lmdiff.json.  The models are the caller's (the server
 * keeps them loaded afterwards).
 */
export async function preprocessProject(
  m1: Model,
  m2: Model,
  dataset: Dataset,
  out: string,
  opts: PreprocessOptions = {},
): Promise<ProjectConfig> {
  const topK = opts.topK ?? DEFAULT_TOP_K;
  const maxClampRank = opts.maxClampRank ?? DEFAULT_MAX_CLAMP_RANK;
  // Both stay loaded while each scores: the memory bound is for the two together.
  m1.shareMemoryWith([m2]);
  m2.shareMemoryWith([m1]);
  fs.mkdirSync(path.join(out, "caches"), { recursive: true });
  fs.mkdirSync(path.join(out, "comparisons"), { recursive: true });
  const cacheFile = (m: Model) => path.join(out, "caches", `${safeFileName(m.name)}__${safeFileName(dataset.name)}.arrow`);
  const caches: AnalysisCache[] = [];
  let pair: PairCache | null = null;
  let pairFile = "";
  if (jointScoringProblem(m1, m2) === null) {
    // Both models in one pass: their caches and the pair cache of the joint measures.
    pairFile = path.join("pairs", `${safeFileName(m1.name)}__${safeFileName(m2.name)}__${safeFileName(dataset.name)}.arrow`);
    fs.mkdirSync(path.join(out, "pairs"), { recursive: true });
    const bar = opts.progress?.(`${m1.name} and ${m2.name} on ${dataset.name}`);
    try {
      const r = await analyzePair(m1, m2, dataset, {
        outputs: { cache1: cacheFile(m1), cache2: cacheFile(m2), pair: path.join(out, pairFile) },
        topK,
        force: opts.force,
        signal: opts.signal,
        onWait: opts.onWait,
        onProgress: bar?.update,
      });
      caches.push(r.cache1, r.cache2);
      pair = r.pair;
    } finally {
      bar?.stop();
    }
  } else {
    for (const m of [m1, m2]) {
      const bar = opts.progress?.(`${m.name} on ${dataset.name}`);
      try {
        caches.push(
          await analyze(m, dataset, {
            output: cacheFile(m),
            topK,
            force: opts.force,
            signal: opts.signal,
            onWait: opts.onWait,
            onProgress: bar?.update,
          }),
        );
      } finally {
        bar?.stop();
      }
    }
  }
  const comparisons = [];
  for (const [a, b] of [
    [0, 1],
    [1, 0],
  ]) {
    const [m1Name, m2Name] = [caches[a].meta.modelName, caches[b].meta.modelName];
    const file = path.join("comparisons", `${safeFileName(m1Name)}__${safeFileName(m2Name)}__${safeFileName(dataset.name)}.arrow`);
    saveTable(comparisonTable(caches[a], caches[b], { maxClampRank, pair }), path.join(out, file));
    comparisons.push({ m1: m1Name, m2: m2Name, dataset: dataset.name, file, maxClampRank });
  }
  return mergeProjectConfig(out, {
    models: [m1, m2].map((m) => ({
      name: m.name,
      spec: m.spec,
      kind: m.kind,
      fingerprint: m.fingerprint,
      // A remote model (URL#NAME) has no graph here; it is loaded again with its tokenizer's folder.
      ...(m.remote ? { tokenizer: m.dir } : { onnx: path.relative(m.dir, m.onnxPath).split(path.sep).join("/") }),
    })),
    datasets: [{ name: dataset.name, checksum: dataset.checksum, source: dataset.source, texts: dataset.texts.length }],
    caches: caches.map((c) => ({ model: c.meta.modelName, dataset: dataset.name, file: path.relative(out, c.path), topK })),
    comparisons,
    pairs: pair ? [{ m1: m1.name, m2: m2.name, dataset: dataset.name, file: pairFile }] : [],
  });
}
