import * as fs from "node:fs";
import * as path from "node:path";
import { LmdiffError } from "../core/LmdiffError.js";
import { maybeTopK } from "../core/options.js";
import { VERSION } from "../version.js";
import { AnalysisCache, batchToIPC, cacheSchema, scoresBatch, type CacheMeta } from "./AnalysisCache.js";
import { atomicWriteFileSync } from "./atomicWrite.js";
import { OutputLock, type LockHolder } from "./OutputLock.js";
import { mergeParts } from "./mergeParts.js";
import { partName, preparePartDir } from "./partDir.js";
import { removeStaleTemps } from "./tempFiles.js";
import type { Dataset } from "./Dataset.js";
import type { Model } from "./Model.js";
import { scoreInParts } from "./scoreInParts.js";
import { scoreTexts } from "./scoreTexts.js";

export interface Progress {
  /** Documents done so far (including those resumed from a partial run). */
  docs: number;
  totalDocs: number;
  /** Tokens scored in this run. */
  tokens: number;
  phase: "scoring" | "writing" | "done";
}

export interface AnalyzeOptions {
  /** The cache file to write (an Arrow IPC file). */
  output: string;
  /** Top-k size (default 10). */
  topK?: number;
  /** Tokens per forward pass; see scoreTexts. */
  batchTokens?: number;
  /** Rewrite a finished cache instead of reusing it. */
  force?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** Called once when another run is writing the same output and this one waits for it. */
  onWait?: (holder: LockHolder, lockFile: string) => void;
}

/**
 * The metadata a cache of `model` on `dataset` gets.  A joint run (see
 * analyzePair) passes the window and way of scoring both models shared.
 */
export function expectedMeta(
  model: Model,
  dataset: Dataset,
  topK: number,
  shared: { window?: number; scoring?: CacheMeta["scoring"] } = {},
): CacheMeta {
  return {
    model: model.spec,
    modelName: model.name,
    modelKind: model.kind,
    modelDir: model.dir,
    onnxSha256: model.onnxSha256(),
    tokenizerFingerprint: model.fingerprint,
    dataset: dataset.name,
    datasetChecksum: dataset.checksum,
    datasetSource: dataset.source,
    nDocs: dataset.texts.length,
    topK,
    vocabSize: model.vocabSize,
    lmdiffVersion: VERSION,
    window: shared.window ?? model.scoringPlan.window,
    scoring: shared.scoring ?? (model.batchIndependent ? "batched" : "one-text-per-pass"),
  };
}

const SAME_RUN: (keyof CacheMeta)[] = ["onnxSha256", "tokenizerFingerprint", "datasetChecksum", "nDocs", "topK"];

function sameRun(a: CacheMeta, b: CacheMeta): boolean {
  // Caches from before the window was recorded were scored with the full context.
  const windows = a.window === undefined || b.window === undefined || a.window === b.window;
  return windows && SAME_RUN.every((k) => a[k] === b[k]);
}

/**
 * Record one model's prediction at every token of a dataset into an
 * AnalysisCache file.
 *
 * Work is written in parts to `OUTPUT.partial/` (each part an atomic,
 * complete Arrow file for a run of consecutive documents); rerunning after
 * an interruption resumes after the last finished part.  When all parts
 * are there they are merged into OUTPUT as one record batch (see
 * mergeParts) through a temporary file and a rename, so OUTPUT is either
 * absent or complete.
 */
export async function analyze(model: Model, dataset: Dataset, opts: AnalyzeOptions): Promise<AnalysisCache> {
  const topK = maybeTopK(opts.topK, model.vocabSize);
  const meta = expectedMeta(model, dataset, topK);
  const out = path.resolve(opts.output);
  // A finished cache is reused without locking, unless a killed run left
  // files beside it that the locked path cleans up.
  const leftovers = fs.existsSync(`${out}.partial`) || fs.existsSync(`${out}.lock`);
  const reused = opts.force || leftovers ? null : finishedCache(out, meta);
  if (reused) {
    opts.onProgress?.({ docs: meta.nDocs, totalDocs: meta.nDocs, tokens: 0, phase: "done" });
    return reused;
  }
  // The output is this run's alone from here on: a second run writing the
  // same file waits, then finds the finished cache (see OutputLock).
  const lock = await OutputLock.acquire(out, { signal: opts.signal, onWait: opts.onWait });
  try {
    const finished = opts.force ? null : finishedCache(out, meta);
    if (finished) {
      // A run killed between its final rename and its cleanup left its parts.
      fs.rmSync(`${out}.partial`, { recursive: true, force: true });
      removeStaleTemps(out, { all: true });
      opts.onProgress?.({ docs: meta.nDocs, totalDocs: meta.nDocs, tokens: 0, phase: "done" });
      return finished;
    }
    return await analyzeLocked(model, dataset, opts, meta, out);
  } finally {
    lock.release();
  }
}

/** The finished cache at `out` when it is this run's; null when there is none; an error when it is another's. */
export function finishedCache(out: string, meta: CacheMeta): AnalysisCache | null {
  if (!fs.existsSync(out)) return null;
  const existing = AnalysisCache.open(out);
  if (sameRun(existing.meta, meta)) return existing;
  throw new LmdiffError(
    `${out} holds an analysis of ${existing.meta.modelName} on ${existing.meta.dataset} with other settings; pass --force (force: true) to replace it`,
    "cache-exists",
    409,
  );
}

/** analyze's work, once this run owns the output. */
async function analyzeLocked(model: Model, dataset: Dataset, opts: AnalyzeOptions, meta: CacheMeta, out: string): Promise<AnalysisCache> {
  const topK = meta.topK;
  const partDir = `${out}.partial`;
  const done = preparePartDir(out, meta, {
    same: (prev) => sameRun(prev as CacheMeta, meta),
    describe: (prev) => `analysis of ${(prev as CacheMeta).modelName} on ${(prev as CacheMeta).dataset}`,
    force: opts.force,
  });
  const schema = cacheSchema(meta);
  const total = meta.nDocs;
  const tokens = await scoreInParts({
    model,
    texts: dataset.texts,
    done,
    signal: opts.signal,
    onProgress: opts.onProgress,
    score: (ids, onTokens) => scoreTexts(model, ids, { k: topK, batchTokens: opts.batchTokens, signal: opts.signal, onTokens }),
    write: (first, last, chunk, scores) => {
      const batch = scoresBatch(
        schema,
        topK,
        first,
        chunk.map((c, i) => ({ ...c, scores: scores[i] })),
      );
      atomicWriteFileSync(path.join(partDir, partName(first, last)), batchToIPC(batch));
    },
  });
  opts.onProgress?.({ docs: total, totalDocs: total, tokens, phase: "writing" });
  await mergeParts(partDir, schema, out);
  fs.rmSync(partDir, { recursive: true, force: true });
  opts.onProgress?.({ docs: total, totalDocs: total, tokens, phase: "done" });
  return AnalysisCache.open(out);
}
