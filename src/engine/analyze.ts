import * as fs from "node:fs";
import * as path from "node:path";
import { LmdiffError } from "../core/LmdiffError.js";
import { maybeShard, maybeTopK, type Shard } from "../core/options.js";
import { shardRange } from "../core/shardRange.js";
import { VERSION } from "../version.js";
import { AnalysisCache, batchToIPC, cacheSchema, scoresBatch, type CacheMeta } from "./AnalysisCache.js";
import { AnalysisShard } from "./AnalysisShard.js";
import { atomicWriteFileSync } from "./atomicWrite.js";
import { OutputLock, type LockHolder } from "./OutputLock.js";
import { mergeParts } from "./mergeParts.js";
import { partName, preparePartDir } from "./partDir.js";
import type { ShardInfo } from "./shardMeta.js";
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

/** analyze's options for one shard of an analysis split over several machines or jobs. */
export interface AnalyzeShardOptions extends AnalyzeOptions {
  /**
   * Score only shard `index` of `count` (counted from 0): the documents
   * [⌊index·N/count⌋, ⌊(index+1)·N/count⌋) of the N in the dataset (see
   * shardRange).  The output is a shard file, which mergeShards joins with
   * the other count − 1 into the cache an unsharded run writes.
   * Progress counts the shard's documents.
   */
  shard: Shard;
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
    ...remoteMeta(model),
  };
}

/** What a cache records of a remote model's scoring: its servers, rank convention and whether entropy is bounded only. */
function remoteMeta(model: Model): Partial<CacheMeta> {
  const r = model.remoteScoring;
  if (!r) return {};
  return {
    remote: model.spec,
    ...(r.facts.rankConvention === "greater" ? {} : { rankConvention: r.facts.rankConvention }),
    ...(r.facts.entropyExact ? {} : { entropy: "bounds" as const }),
  };
}

const SAME_RUN: (keyof CacheMeta)[] = ["onnxSha256", "tokenizerFingerprint", "datasetChecksum", "nDocs", "topK"];

/** Whether two caches' metadata describe the same analysis (what a finished or partial output is reused for). */
export function sameRun(a: CacheMeta, b: CacheMeta): boolean {
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
 *
 * With `shard`, only that shard's documents are scored, in the same
 * resumable, locked way, and OUTPUT is a shard file (an AnalysisShard)
 * for mergeShards rather than a cache.
 */
export function analyze(model: Model, dataset: Dataset, opts: AnalyzeShardOptions): Promise<AnalysisShard>;
export function analyze(model: Model, dataset: Dataset, opts: AnalyzeOptions): Promise<AnalysisCache>;
export async function analyze(
  model: Model,
  dataset: Dataset,
  opts: AnalyzeOptions & { shard?: Shard },
): Promise<AnalysisCache | AnalysisShard> {
  const topK = maybeTopK(opts.topK, model.vocabSize);
  const meta = expectedMeta(model, dataset, topK);
  const s = opts.shard === undefined ? null : maybeShard(opts.shard);
  const shard: ShardInfo | null = s && { ...s, ...shardRange(s, meta.nDocs) };
  const out = path.resolve(opts.output);
  const docs = shard ? shard.end - shard.first : meta.nDocs;
  const finishedOutput = () => (shard ? finishedShard(out, meta, shard) : finishedCache(out, meta));
  // A finished cache is reused without locking, unless a killed run left
  // files beside it that the locked path cleans up.
  const leftovers = fs.existsSync(`${out}.partial`) || fs.existsSync(`${out}.lock`);
  const reused = opts.force || leftovers ? null : await finishedOutput();
  if (reused) {
    opts.onProgress?.({ docs, totalDocs: docs, tokens: 0, phase: "done" });
    return reused;
  }
  // The output is this run's alone from here on: a second run writing the
  // same file waits, then finds the finished cache (see OutputLock).
  const lock = await OutputLock.acquire(out, { signal: opts.signal, onWait: opts.onWait });
  try {
    const finished = opts.force ? null : await finishedOutput();
    if (finished) {
      // A run killed between its final rename and its cleanup left its parts.
      fs.rmSync(`${out}.partial`, { recursive: true, force: true });
      removeStaleTemps(out, { all: true });
      opts.onProgress?.({ docs, totalDocs: docs, tokens: 0, phase: "done" });
      return finished;
    }
    return await analyzeLocked(model, dataset, opts, meta, out, shard);
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

/**
 * The finished shard at `out` when it is this shard of this run; null when
 * there is none; an error when the file is anything else (another shard,
 * another analysis, a finished cache).
 */
async function finishedShard(out: string, meta: CacheMeta, shard: ShardInfo): Promise<AnalysisShard | null> {
  if (!fs.existsSync(out)) return null;
  let existing: AnalysisShard;
  try {
    existing = await AnalysisShard.read(out);
  } catch (e) {
    if ((e as LmdiffError).code !== "not-a-shard") throw e;
    throw new LmdiffError(
      `${out} holds a finished analysis cache, not a shard; pass --force (force: true) to replace it`,
      "cache-exists",
      409,
    );
  }
  const s = existing.shard;
  if (sameRun(existing.meta, meta) && s.index === shard.index && s.count === shard.count) return existing;
  throw new LmdiffError(
    `${out} holds shard ${s.index}/${s.count} of an analysis of ${existing.meta.modelName} on ${existing.meta.dataset}, not shard ${shard.index}/${shard.count} with these settings; pass --force (force: true) to replace it`,
    "cache-exists",
    409,
  );
}

/** analyze's work, once this run owns the output. */
async function analyzeLocked(
  model: Model,
  dataset: Dataset,
  opts: AnalyzeOptions,
  meta: CacheMeta,
  out: string,
  shard: ShardInfo | null,
): Promise<AnalysisCache | AnalysisShard> {
  const topK = meta.topK;
  const partDir = `${out}.partial`;
  // A shard scores documents [base, end) and its parts keep their indices in the dataset.
  const base = shard ? shard.first : 0;
  const shardName = shard ? `${shard.index}/${shard.count}` : undefined;
  const describe = (prev: CacheMeta & { shard?: string }) =>
    `${prev.shard ? `shard ${prev.shard} of an ` : ""}analysis of ${prev.modelName} on ${prev.dataset}`;
  const done = preparePartDir(out, shard ? { ...meta, shard: shardName } : meta, {
    same: (prev) => sameRun(prev as CacheMeta, meta) && (prev as { shard?: string }).shard === shardName,
    describe: (prev) => describe(prev as CacheMeta & { shard?: string }),
    force: opts.force,
    first: base,
  });
  const schema = shard ? AnalysisShard.schema(meta, shard) : cacheSchema(meta);
  const texts = shard ? dataset.texts.slice(shard.first, shard.end) : dataset.texts;
  const total = texts.length;
  const tokens = await scoreInParts({
    model,
    texts,
    done: done - base,
    signal: opts.signal,
    onProgress: opts.onProgress,
    score: (ids, onTokens) => scoreTexts(model, ids, { k: topK, batchTokens: opts.batchTokens, signal: opts.signal, onTokens }),
    write: (first, last, chunk, scores) => {
      const batch = scoresBatch(
        schema,
        topK,
        base + first,
        chunk.map((c, i) => ({ ...c, scores: scores[i] })),
      );
      atomicWriteFileSync(path.join(partDir, partName(base + first, base + last)), batchToIPC(batch));
    },
  });
  opts.onProgress?.({ docs: total, totalDocs: total, tokens, phase: "writing" });
  await mergeParts(partDir, schema, out);
  fs.rmSync(partDir, { recursive: true, force: true });
  opts.onProgress?.({ docs: total, totalDocs: total, tokens, phase: "done" });
  return shard ? new AnalysisShard(out, meta, shard) : AnalysisCache.open(out);
}
