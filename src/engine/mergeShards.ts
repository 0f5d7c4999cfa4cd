import * as fs from "node:fs";
import * as path from "node:path";
import { LmdiffError } from "../core/LmdiffError.js";
import { AnalysisCache, cacheSchema, metaFromMap, type CacheMeta } from "./AnalysisCache.js";
import { AnalysisShard } from "./AnalysisShard.js";
import { sameRun } from "./analyze.js";
import { arrowMetadata } from "./arrowMetadata.js";
import { mergeFiles } from "./mergeParts.js";
import { OutputLock, type LockHolder } from "./OutputLock.js";
import { shardFromMetadata } from "./shardMeta.js";
import { removeQuietly, removeStaleTemps } from "./tempFiles.js";

export interface MergeShardsOptions {
  /** The cache file to write (an Arrow IPC file). */
  output: string;
  /** Replace an existing file that is not a cache of the same analysis. */
  force?: boolean;
  signal?: AbortSignal;
  /** Called once when another run is writing the same output and this one waits for it. */
  onWait?: (holder: LockHolder, lockFile: string) => void;
}

/**
 * What the shards of one analysis must share: every field of their
 * metadata but those that say where the model and the dataset are.  The
 * model is compared by its ONNX file's hash, not by its spec or folder,
 * which name the same weights differently on different machines; those,
 * and the dataset's name and path, are taken from shard 0.  Any field a
 * later lmdiff adds to CacheMeta is compared without a change here; the
 * lmdiff version is compared too, as the merged cache records one.
 */
const LOCATION = new Set<string>(["model", "modelName", "modelDir", "dataset", "datasetSource", "remote"]);

/** The words an error uses for a field, where its name would not do; the most telling fields first. */
const FIELDS: Record<string, string> = {
  onnxSha256: "model (ONNX sha256)",
  modelKind: "model kind",
  tokenizerFingerprint: "tokenizer fingerprint",
  vocabSize: "vocabulary size",
  datasetChecksum: "dataset checksum",
  nDocs: "number of documents",
  topK: "top-k",
  window: "window",
  scoring: "scoring",
  rankConvention: "rank convention",
  entropy: "entropy",
  lmdiffVersion: "lmdiff version",
};

/** A metadata value in an error: hashes cut to 12 digits. */
const show = (v: string | number | undefined) =>
  v === undefined ? "none" : typeof v === "string" && /^[0-9a-f]{64}$/.test(v) ? `${v.slice(0, 12)}…` : String(v);

/**
 * Join the shards of an analysis (the files that `analyze` with `shard`
 * writes, in any order) into the cache an unsharded run writes: the same
 * rows, metadata and bytes.
 *
 * Before anything is read but their metadata, the shards are checked to be
 * all `count` shards of one analysis, each exactly once (see checkShards).
 * The merge is mergeParts's: one shard in memory at a time plus the merged
 * columns, each shard's rows checked against its metadata on the first
 * read, the output written to a temporary file and renamed, so that a
 * failure leaves no output behind.  The merged cache is then opened, which
 * checks every value, and returned.
 */
export async function mergeShards(files: readonly string[], opts: MergeShardsOptions): Promise<AnalysisCache> {
  if (files.length === 0) throw new LmdiffError("no shards to merge (give the files that lmdiff analyze --shard i/n wrote)", "bad-option");
  const out = path.resolve(opts.output);
  const shards: AnalysisShard[] = [];
  for (const f of files) {
    if (path.resolve(f) === out) throw new LmdiffError(`the output ${f} is one of the shards; choose another output`, "bad-option");
    shards.push(await AnalysisShard.read(f));
  }
  const ordered = checkShards(shards);
  const meta = ordered[0].meta;
  const lock = await OutputLock.acquire(out, { signal: opts.signal, onWait: opts.onWait });
  try {
    if (!opts.force) await checkOutput(out, meta);
    if (opts.signal?.aborted) throw new LmdiffError("cancelled", "cancelled", 499);
    // Temporary files of a killed merge: nobody else writes this output while the lock is held.
    removeStaleTemps(out, { all: true });
    const byPath = new Map(ordered.map((s) => [s.path, s]));
    await mergeFiles(
      ordered.map((s) => s.path),
      cacheSchema(meta),
      out,
      { check: (file, table) => byPath.get(file)!.checkRows(table) },
    );
    try {
      return AnalysisCache.open(out);
    } catch (e) {
      // A value no check before the rename could see (flipped bits in a
      // shard): no half-good cache is left for a later run to reuse.
      removeQuietly(out);
      throw e;
    }
  } finally {
    lock.release();
  }
}

/**
 * The shards in index order, once they are known to be all the shards of
 * one analysis, each once; otherwise a one-line error that names the two
 * files and what differs, the shard given twice, or the missing shards.
 */
export function checkShards(shards: readonly AnalysisShard[]): AnalysisShard[] {
  const a = shards[0];
  const count = a.shard.count;
  for (const b of shards.slice(1)) {
    const differ = (what: string, x: string | number | undefined, y: string | number | undefined) =>
      new LmdiffError(
        `${a.path} and ${b.path} differ in ${what} (${show(x)} vs ${show(y)}); they are not shards of one analysis`,
        "shard-mismatch",
      );
    if (b.shard.count !== count) throw differ("number of shards", count, b.shard.count);
    const fields = new Set([...Object.keys(FIELDS), ...Object.keys(a.meta), ...Object.keys(b.meta)]);
    for (const key of fields) {
      const [x, y] = [a.meta[key as keyof CacheMeta], b.meta[key as keyof CacheMeta]];
      if (!LOCATION.has(key) && x !== y) throw differ(FIELDS[key] ?? key, x, y);
    }
  }
  const byIndex = new Map<number, AnalysisShard>();
  for (const s of shards) {
    const seen = byIndex.get(s.shard.index);
    if (seen) throw new LmdiffError(`shard ${s.shard.index}/${count} is given twice: ${seen.path} and ${s.path}`, "shard-duplicate");
    byIndex.set(s.shard.index, s);
  }
  if (byIndex.size < count) {
    // The first few missing ones by name; a count may be in the thousands.
    const named: string[] = [];
    for (let i = 0; named.length < 5 && i < count; i++) if (!byIndex.has(i)) named.push(`${i}/${count}`);
    const left = count - byIndex.size - named.length;
    throw new LmdiffError(
      `missing shard${named.length > 1 ? "s" : ""} ${named.join(", ")}${left > 0 ? ` and ${left} more` : ""} (a merge needs all ${count} shards, 0/${count} to ${count - 1}/${count})`,
      "shard-missing",
    );
  }
  return Array.from({ length: count }, (_, i) => byIndex.get(i)!);
}

/**
 * Refuse to replace a file that is not a cache of the same analysis (a
 * mistyped -o naming another model's cache, a shard, anything else)
 * without `force`; a cache of the same analysis is merged again.  Only the
 * file's metadata is read.
 */
async function checkOutput(out: string, meta: CacheMeta): Promise<void> {
  if (!fs.existsSync(out)) return;
  let same = false;
  try {
    const metadata = await arrowMetadata(out, "cache");
    same = !shardFromMetadata(out, metadata) && sameRun(metaFromMap(metadata, out), meta);
  } catch {
    // Not an lmdiff cache at all: refused below like another analysis.
  }
  if (!same)
    throw new LmdiffError(
      `${out} exists and is not a cache of the analysis these shards make; pass --force (force: true) to replace it`,
      "cache-exists",
      409,
    );
}
