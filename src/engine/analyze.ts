import * as fs from "node:fs";
import * as path from "node:path";
import { RecordBatchFileWriter, tableFromIPC } from "apache-arrow";
import { LmdiffError } from "../core/LmdiffError.js";
import { VERSION } from "../version.js";
import { AnalysisCache, batchToIPC, cacheSchema, scoresBatch, type CacheMeta } from "./AnalysisCache.js";
import { atomicWriteFileSync } from "./atomicWrite.js";
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
    lmdiffVersion: VERSION,
  };
}

const SAME_RUN: (keyof CacheMeta)[] = ["onnxSha256", "tokenizerFingerprint", "datasetChecksum", "nDocs", "topK"];

function sameRun(a: CacheMeta, b: CacheMeta): boolean {
  return SAME_RUN.every((k) => a[k] === b[k]);
}

/**
 * Record one model's prediction at every token of a dataset into an
 * AnalysisCache file.
 *
 * Work is written in parts to `OUTPUT.partial/` (each part an atomic,
 * complete Arrow file for a run of consecutive documents); rerunning after
 * an interruption resumes after the last finished part.  When all parts
 * are there they are streamed into OUTPUT through a temporary file and a
 * rename, so OUTPUT is either absent or complete.
 */
export async function analyze(model: Model, dataset: Dataset, opts: AnalyzeOptions): Promise<AnalysisCache> {
  const topK = opts.topK ?? 10;
  if (!Number.isInteger(topK) || topK < 1 || topK > model.vocabSize)
    throw new LmdiffError(`invalid top-k ${topK} (expected an integer from 1 to ${model.vocabSize})`, "bad-option");
  const meta = expectedMeta(model, dataset, topK);
  const out = path.resolve(opts.output);
  if (fs.existsSync(out) && !opts.force) {
    const existing = AnalysisCache.open(out);
    if (sameRun(existing.meta, meta)) {
      opts.onProgress?.({ docs: meta.nDocs, totalDocs: meta.nDocs, tokens: 0, phase: "done" });
      return existing;
    }
    throw new LmdiffError(
      `${out} holds an analysis of ${existing.meta.modelName} on ${existing.meta.dataset} with other settings; pass --force (force: true) to replace it`,
      "cache-exists",
      409,
    );
  }
  const partDir = `${out}.partial`;
  const metaFile = path.join(partDir, "meta.json");
  if (fs.existsSync(metaFile)) {
    const prev = JSON.parse(fs.readFileSync(metaFile, "utf8")) as CacheMeta;
    if (!sameRun(prev, meta)) {
      if (!opts.force)
        throw new LmdiffError(
          `${partDir} holds an unfinished analysis of ${prev.modelName} on ${prev.dataset} with other settings; delete it or pass --force`,
          "cache-exists",
          409,
        );
      fs.rmSync(partDir, { recursive: true, force: true });
    }
  }
  fs.mkdirSync(partDir, { recursive: true });
  atomicWriteFileSync(metaFile, JSON.stringify(meta, null, 2) + "\n");

  // Parts are named by their first document; a finished part covers [first, next).
  const parts = fs
    .readdirSync(partDir)
    .filter((f) => /^part-\d{9}-\d{9}\.arrow$/.test(f))
    .sort();
  let done = 0;
  for (const p of parts) {
    const [, a, b] = /^part-(\d{9})-(\d{9})\.arrow$/.exec(p)!;
    if (Number(a) !== done) throw new LmdiffError(`${partDir}: part ${p} does not follow document ${done}; delete the folder and start again`, "bad-cache");
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
  let pending = done < total ? nextChunk(model, dataset.texts, done, partTokens) : null;
  let writing: Promise<void> = Promise.resolve();
  try {
    while (done < total) {
      if (opts.signal?.aborted) throw new LmdiffError("cancelled; rerun to resume", "cancelled", 499);
      const first = done;
      const chunk = await pending!;
      const last = (done = first + chunk.length);
      partTokens = Math.min(PART_TOKENS, 2 * partTokens);
      pending = done < total ? nextChunk(model, dataset.texts, done, partTokens) : null;
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
      writing = (async () => {
        const scores = await scoring;
        await previous;
        const batch = scoresBatch(schema, topK, first, chunk.map((c, i) => ({ ...c, scores: scores[i] })));
        const name = `part-${String(first).padStart(9, "0")}-${String(last).padStart(9, "0")}.arrow`;
        atomicWriteFileSync(path.join(partDir, name), batchToIPC(batch));
        docsDone = last;
        progress();
      })();
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
function nextChunk(model: Model, texts: readonly string[], start: number, maxTokens: number): Promise<{ ids: Int32Array; text: string }[]> {
  return new Promise((resolve, reject) => {
    const chunk: { ids: Int32Array; text: string }[] = [];
    let tokens = 0;
    let i = start;
    const step = () => {
      try {
        const stop = Math.min(texts.length, i + 8);
        while (i < stop && chunk.length < PART_DOCS && tokens < maxTokens) {
          const ids = model.encode(texts[i]);
          chunk.push({ ids, text: texts[i] });
          tokens += ids.length;
          i++;
        }
        if (i < texts.length && chunk.length < PART_DOCS && tokens < maxTokens) setImmediate(step);
        else resolve(chunk);
      } catch (e) {
        reject(e);
      }
    };
    step();
  });
}

/** Stream the parts, in order, into one Arrow IPC file (atomically). */
async function mergeParts(partDir: string, schema: ReturnType<typeof cacheSchema>, out: string): Promise<void> {
  const parts = fs
    .readdirSync(partDir)
    .filter((f) => f.endsWith(".arrow"))
    .sort();
  const tmp = `${out}.${process.pid}.tmp`;
  const sink = fs.createWriteStream(tmp);
  const writer = new RecordBatchFileWriter();
  const piped = new Promise<void>((resolve, reject) => {
    sink.on("finish", resolve);
    sink.on("error", reject);
  });
  writer.toNodeStream().pipe(sink);
  writer.reset(undefined, schema);
  for (const p of parts) {
    const t = tableFromIPC(fs.readFileSync(path.join(partDir, p)));
    for (const b of t.batches) writer.write(b);
    // Let the file stream drain so memory stays flat for any corpus size.
    await new Promise((r) => setImmediate(r));
  }
  writer.finish();
  await piped;
  const fd = fs.openSync(tmp, "r");
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(tmp, out);
}
