import * as fs from "node:fs";
import * as path from "node:path";
import { LmdiffError } from "../core/LmdiffError.js";
import { maybeTopK } from "../core/options.js";
import { VERSION } from "../version.js";
import { AnalysisCache, batchToIPC, cacheSchema, scoresBatch, type CacheMeta } from "./AnalysisCache.js";
import { atomicWriteFileSync } from "./atomicWrite.js";
import { fileError } from "./fileError.js";
import { OutputLock, type LockHolder } from "./OutputLock.js";
import { mergeParts } from "./mergeParts.js";
import { removeStaleTemps, removeTempsIn } from "./tempFiles.js";
import type { Dataset } from "./Dataset.js";
import type { Model } from "./Model.js";
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

/** Documents per resumable part: large enough for good batches, small enough to lose little work. */
const PART_TOKENS = 32_768;
const PART_DOCS = 2_048;
/**
 * The first part of a run is small and each next one twice as large, up to
 * PART_TOKENS: the first part is tokenised before anything can be scored,
 * and every later one while the one before it is scored.
 */
const FIRST_PART_TOKENS = 4_096;

function expectedMeta(model: Model, dataset: Dataset, topK: number): CacheMeta {
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
    window: model.scoringPlan.window,
    scoring: model.batchIndependent ? "batched" : "one-text-per-pass",
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
function finishedCache(out: string, meta: CacheMeta): AnalysisCache | null {
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
  // Temporary files of killed earlier runs: nobody else can own them now.
  removeStaleTemps(out, { all: true });
  removeTempsIn(partDir);
  const metaFile = path.join(partDir, "meta.json");
  if (fs.existsSync(metaFile)) {
    const prev = readPartialMeta(metaFile);
    if (!prev || !sameRun(prev, meta)) {
      if (prev && !opts.force)
        throw new LmdiffError(
          `${partDir} holds an unfinished analysis of ${prev.modelName} on ${prev.dataset} with other settings; delete it or pass --force`,
          "cache-exists",
          409,
        );
      fs.rmSync(partDir, { recursive: true, force: true });
    }
  }
  try {
    fs.mkdirSync(partDir, { recursive: true });
  } catch (e) {
    throw fileError(e, partDir);
  }
  atomicWriteFileSync(metaFile, JSON.stringify(meta, null, 2) + "\n");

  // Parts are named by their first document; a finished part covers [first, next).
  const parts = fs
    .readdirSync(partDir)
    .filter((f) => /^part-\d{9}-\d{9}\.arrow$/.test(f))
    .sort();
  let done = 0;
  for (const p of parts) {
    const [, a, b] = /^part-(\d{9})-(\d{9})\.arrow$/.exec(p)!;
    if (Number(a) !== done)
      throw new LmdiffError(`${partDir}: part ${p} does not follow document ${done}; delete the folder and start again`, "bad-cache");
    done = Number(b);
  }
  const schema = cacheSchema(meta);
  const total = meta.nDocs;
  let tokens = 0;
  opts.onProgress?.({ docs: done, totalDocs: total, tokens, phase: "scoring" });
  // A pipeline on the main thread: the next part is tokenised (in small
  // slices) while the current one is scored, and a part is scored while the
  // one before it is finished and written, so the scoring workers never wait
  // for a part boundary.  Parts are written strictly in document order, so a
  // killed run always leaves a clean prefix to resume from.
  let docsDone = done;
  const progress = () => opts.onProgress?.({ docs: docsDone, totalDocs: total, tokens, phase: "scoring" });
  let partTokens = FIRST_PART_TOKENS;
  let pending = done < total ? handled(nextChunk(model, dataset.texts, done, partTokens)) : null;
  let writing: Promise<void> = Promise.resolve();
  try {
    while (done < total) {
      if (opts.signal?.aborted) throw new LmdiffError("cancelled; rerun to resume", "cancelled", 499);
      const first = done;
      const chunk = await pending!;
      const last = (done = first + chunk.length);
      partTokens = Math.min(PART_TOKENS, 2 * partTokens);
      pending = done < total ? handled(nextChunk(model, dataset.texts, done, partTokens)) : null;
      const scoring = scoreTexts(
        model,
        chunk.map((c) => c.ids),
        {
          k: topK,
          batchTokens: opts.batchTokens,
          signal: opts.signal,
          onTokens: (n) => {
            tokens += n;
            progress();
          },
        },
      );
      const previous = writing;
      writing = handled(
        (async () => {
          const scores = await scoring;
          await previous;
          const batch = scoresBatch(
            schema,
            topK,
            first,
            chunk.map((c, i) => ({ ...c, scores: scores[i] })),
          );
          const name = `part-${String(first).padStart(9, "0")}-${String(last).padStart(9, "0")}.arrow`;
          atomicWriteFileSync(path.join(partDir, name), batchToIPC(batch));
          docsDone = last;
          progress();
        })(),
      );
      // At most two parts in flight: the one being finished and this one.
      await previous;
    }
    await writing;
  } catch (e) {
    // Let the part in flight settle (written if it was complete) before reporting.
    await writing.catch(() => undefined);
    throw e;
  }
  opts.onProgress?.({ docs: total, totalDocs: total, tokens, phase: "writing" });
  await mergeParts(partDir, schema, out);
  fs.rmSync(partDir, { recursive: true, force: true });
  opts.onProgress?.({ docs: total, totalDocs: total, tokens, phase: "done" });
  return AnalysisCache.open(out);
}

/**
 * Tokenise the texts of the next part, starting at `start`, up to
 * PART_DOCS texts or `maxTokens` tokens, a few texts per event-loop turn.
 */
async function nextChunk(
  model: Model,
  texts: readonly string[],
  start: number,
  maxTokens: number,
): Promise<{ ids: Int32Array; text: string }[]> {
  const chunk: { ids: Int32Array; text: string }[] = [];
  let tokens = 0;
  let i = start;
  for (;;) {
    const stop = Math.min(texts.length, i + 8);
    while (i < stop && chunk.length < PART_DOCS && tokens < maxTokens) {
      const ids = model.encode(texts[i]);
      chunk.push({ ids, text: texts[i] });
      tokens += ids.length;
      i++;
    }
    if (!(i < texts.length && chunk.length < PART_DOCS && tokens < maxTokens)) return chunk;
    // The next few texts on a later turn of the event loop.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * Mark a promise as handled without awaiting it yet.  The pipeline keeps
 * the next part's tokenisation and the previous part's writing in flight
 * while it awaits something else; were one of them to reject meanwhile (a
 * cancellation, a full disk), Node would count an unhandled rejection and
 * end the process while onnxruntime was still running.  The promise itself
 * is still awaited later, where its error is reported.
 */
function handled<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

/** The settings of an unfinished run, or null when its meta.json cannot be read (a killed run's, say). */
function readPartialMeta(file: string): CacheMeta | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as CacheMeta;
  } catch {
    return null;
  }
}
