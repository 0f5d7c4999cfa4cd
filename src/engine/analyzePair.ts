import * as fs from "node:fs";
import * as path from "node:path";
import { LmdiffError } from "../core/LmdiffError.js";
import { maybeTopK } from "../core/options.js";
import { VERSION } from "../version.js";
import { AnalysisCache, batchToIPC, cacheSchema, scoresBatch, type CacheMeta } from "./AnalysisCache.js";
import { expectedMeta, finishedCache, type AnalyzeOptions, type Progress } from "./analyze.js";
import { atomicWriteFileSync } from "./atomicWrite.js";
import type { Dataset } from "./Dataset.js";
import { mergeParts } from "./mergeParts.js";
import type { Model } from "./Model.js";
import { OutputLock } from "./OutputLock.js";
import { PairCache, pairBatch, pairCacheSchema, type PairCacheMeta } from "./PairCache.js";
import { partName, preparePartDir, truncateParts } from "./partDir.js";
import { scoreInParts } from "./scoreInParts.js";
import { jointScoringProblem, scorePair } from "./scorePair.js";
import { removeStaleTemps } from "./tempFiles.js";

export interface AnalyzePairOptions extends Omit<AnalyzeOptions, "output"> {
  /** Model 1's cache, model 2's cache and the pair cache (Arrow IPC files). */
  outputs: { cache1: string; cache2: string; pair: string };
}

export interface PairAnalysis {
  cache1: AnalysisCache;
  cache2: AnalysisCache;
  pair: PairCache;
}

/** One output of a joint run: where it goes, how to recognise it finished, and how to write a part of it. */
interface Output {
  file: string;
  meta: CacheMeta | PairCacheMeta;
  finished: () => boolean;
  same: (prev: unknown) => boolean;
  describe: string;
  write: (first: number, last: number, chunk: { ids: Int32Array; text: string }[], r: Awaited<ReturnType<typeof scorePair>>) => void;
  schema: ReturnType<typeof cacheSchema> | ReturnType<typeof pairCacheSchema>;
}

/**
 * Analyse a dataset with two models together (see scorePair): each
 * model's own cache, as analyze writes it, and the pair cache of their
 * joint measures (KL both ways, JS, TV at every token), from one pass of
 * each model over the texts.  The joint measures need both distributions
 * at once, so they cannot be computed from two finished caches; scoring
 * both models together costs about what the two analyses cost alone.
 *
 * Outputs already finished by the same run are reused; only the missing
 * ones are written (when only the pair cache is missing, both models still
 * run, and their own caches are left as they are).  Each output is written
 * in parts to `OUTPUT.partial/` and merged at the end, as analyze does;
 * the outputs' parts cover the same documents, so an interrupted run
 * resumes from the document all of them reached.
 */
export async function analyzePair(m1: Model, m2: Model, dataset: Dataset, opts: AnalyzePairOptions): Promise<PairAnalysis> {
  const problem = jointScoringProblem(m1, m2);
  if (problem) throw new LmdiffError(problem, "incompatible-models");
  const topK = maybeTopK(opts.topK, Math.min(m1.vocabSize, m2.vocabSize));
  // Both models scored the same rows: the shorter window, and one text per
  // pass for both when either needs it (see scorePair).
  const window = Math.min(m1.scoringPlan.window, m2.scoringPlan.window);
  const scoring = m1.batchIndependent && m2.batchIndependent ? "batched" : "one-text-per-pass";
  const meta1 = expectedMeta(m1, dataset, topK, { window, scoring });
  const meta2 = expectedMeta(m2, dataset, topK, { window, scoring });
  const pairMeta: PairCacheMeta = {
    model1: m1.spec,
    model1Name: m1.name,
    model1Sha256: m1.onnxSha256(),
    model2: m2.spec,
    model2Name: m2.name,
    model2Sha256: m2.onnxSha256(),
    tokenizerFingerprint: m1.fingerprint,
    dataset: dataset.name,
    datasetChecksum: dataset.checksum,
    nDocs: dataset.texts.length,
    window,
    lmdiffVersion: VERSION,
  };
  const files = {
    cache1: path.resolve(opts.outputs.cache1),
    cache2: path.resolve(opts.outputs.cache2),
    pair: path.resolve(opts.outputs.pair),
  };
  const outputs = [
    singleOutput(files.cache1, meta1, (r) => r.s1),
    singleOutput(files.cache2, meta2, (r) => r.s2),
    pairOutput(files.pair, pairMeta),
  ];
  const leftovers = (o: Output) => fs.existsSync(`${o.file}.partial`) || fs.existsSync(`${o.file}.lock`);
  let todo = outputs.filter((o) => opts.force || leftovers(o) || !o.finished());
  if (todo.length > 0) {
    // Locked in a fixed order, so two joint runs sharing an output cannot
    // each hold one lock and wait for the other's.
    const locks: OutputLock[] = [];
    try {
      for (const o of [...todo].sort((a, b) => a.file.localeCompare(b.file)))
        locks.push(await OutputLock.acquire(o.file, { signal: opts.signal, onWait: opts.onWait }));
      // Another run may have finished some while this one waited.
      todo = todo.filter((o) => {
        if (opts.force || !o.finished()) return true;
        fs.rmSync(`${o.file}.partial`, { recursive: true, force: true });
        removeStaleTemps(o.file, { all: true });
        return false;
      });
      if (todo.length > 0) await analyzeLocked(m1, m2, dataset, opts, topK, todo);
    } finally {
      for (const l of locks) l.release();
    }
  }
  const total = dataset.texts.length;
  opts.onProgress?.({ docs: total, totalDocs: total, tokens: 0, phase: "done" });
  return { cache1: AnalysisCache.open(files.cache1), cache2: AnalysisCache.open(files.cache2), pair: PairCache.open(files.pair) };
}

async function analyzeLocked(
  m1: Model,
  m2: Model,
  dataset: Dataset,
  opts: AnalyzePairOptions,
  topK: number,
  todo: Output[],
): Promise<void> {
  const done = todo.map((o) => preparePartDir(o.file, o.meta, { same: o.same, describe: () => o.describe, force: opts.force }));
  // Resume from the document every output reached (a part that straddles it goes too).
  let from = Math.min(...done);
  for (;;) {
    const reached = Math.min(...todo.map((o) => truncateParts(o.file, from)));
    if (reached === from) break;
    from = reached;
  }
  const total = dataset.texts.length;
  const tokens = await scoreInParts({
    model: m1,
    texts: dataset.texts,
    done: from,
    signal: opts.signal,
    onProgress: opts.onProgress,
    score: (ids, onTokens) => scorePair(m1, m2, ids, { k: topK, batchTokens: opts.batchTokens, signal: opts.signal, onTokens }),
    write: (first, last, chunk, r) => {
      for (const o of todo) o.write(first, last, chunk, r);
    },
  });
  const progress = (phase: Progress["phase"]) => opts.onProgress?.({ docs: total, totalDocs: total, tokens, phase });
  progress("writing");
  for (const o of todo) {
    await mergeParts(`${o.file}.partial`, o.schema, o.file);
    fs.rmSync(`${o.file}.partial`, { recursive: true, force: true });
  }
}

const SAME_RUN: (keyof CacheMeta)[] = ["onnxSha256", "tokenizerFingerprint", "datasetChecksum", "nDocs", "topK", "window"];

function singleOutput(
  file: string,
  meta: CacheMeta,
  pick: (r: Awaited<ReturnType<typeof scorePair>>) => Awaited<ReturnType<typeof scorePair>>["s1"],
): Output {
  const schema = cacheSchema(meta);
  return {
    file,
    meta,
    schema,
    describe: `analysis of ${meta.modelName} on ${meta.dataset}`,
    finished: () => finishedCache(file, meta) !== null,
    same: (prev) => SAME_RUN.every((k) => (prev as CacheMeta)[k] === meta[k]),
    write: (first, last, chunk, r) => {
      const scores = pick(r);
      const batch = scoresBatch(
        schema,
        meta.topK,
        first,
        chunk.map((c, i) => ({ ...c, scores: scores[i] })),
      );
      atomicWriteFileSync(path.join(`${file}.partial`, partName(first, last)), batchToIPC(batch));
    },
  };
}

const PAIR_SAME: (keyof PairCacheMeta)[] = ["model1Sha256", "model2Sha256", "tokenizerFingerprint", "datasetChecksum", "nDocs", "window"];

function pairOutput(file: string, meta: PairCacheMeta): Output {
  const schema = pairCacheSchema(meta);
  const same = (prev: unknown) => PAIR_SAME.every((k) => (prev as PairCacheMeta)[k] === meta[k]);
  return {
    file,
    meta,
    schema,
    describe: `joint analysis of ${meta.model1Name} and ${meta.model2Name} on ${meta.dataset}`,
    finished: () => {
      if (!fs.existsSync(file)) return false;
      const existing = PairCache.open(file);
      if (same(existing.meta)) return true;
      throw new LmdiffError(
        `${file} holds a joint analysis of ${existing.meta.model1Name} and ${existing.meta.model2Name} on ${existing.meta.dataset} with other settings; pass --force (force: true) to replace it`,
        "cache-exists",
        409,
      );
    },
    same,
    write: (first, last, _chunk, r) =>
      atomicWriteFileSync(path.join(`${file}.partial`, partName(first, last)), batchToIPC(pairBatch(schema, first, r.pair))),
  };
}
