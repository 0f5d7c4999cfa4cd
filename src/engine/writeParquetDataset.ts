import * as fs from "node:fs";
import * as path from "node:path";
import { RecordBatch, Schema, Table, tableFromIPC, tableToIPC } from "apache-arrow";
import { LmdiffError } from "../core/LmdiffError.js";
import { maybeInt } from "../core/options.js";
import { AnalysisCache, cacheBatch, cacheSchema, scoresBatch, type CacheMeta, type CacheTypeMap } from "./AnalysisCache.js";
import { AnalysisShard } from "./AnalysisShard.js";
import { fileError } from "./fileError.js";
import { safeFileName } from "./safeFileName.js";
import { parquetWasm } from "./saveTable.js";
import { checkAbort } from "./scoreTexts.js";
import { removeQuietly, removeStaleTemps, tempPath } from "./tempFiles.js";

/** Rows per part file when a whole cache is written: about a million, as the Hive and Spark habit of files of 100 MB or so. */
export const ROWS_PER_FILE = 1_048_576;

/**
 * The most rows in one row group, and the most bytes a row group's fixed-width
 * columns may take (the top-k lists grow with k).  Rows reach the writer one
 * row group at a time and its output is streamed to the file, so these
 * bound the memory a conversion needs beyond the open cache, whatever the
 * size of the cache: at k = 10, about 15 MB of Arrow data and some 100 MB
 * of WebAssembly memory (measured on a cache of a million rows).
 */
const MAX_ROW_GROUP_ROWS = 131_072;
const MAX_ROW_GROUP_BYTES = 16 * 2 ** 20;

export interface ParquetDatasetOptions {
  /**
   * The file stem of one part of a model's rows, such as "part-3-of-8": the
   * rows are written as the one file `<part>.parquet` in the model's
   * folder, replacing that file only, so that the parts of one model can be
   * written side by side (and by different machines).  A shard is written
   * as `part-<i>-of-<n>` unless a part is given.  Without a part, a cache is
   * written as part-00000.parquet, part-00001.parquet, … and the model's
   * whole folder is replaced.
   */
  part?: string;
  /** Rows per file when no part is given (default ROWS_PER_FILE). */
  rowsPerFile?: number;
  /** Rows per row group (default: 131,072, fewer when the top-k lists are long). */
  rowGroupRows?: number;
  signal?: AbortSignal;
}

/** What writeParquetDataset wrote. */
export interface ParquetDataset {
  /** The model's folder, `DIR/model=<name>`. */
  folder: string;
  /** The Parquet files written, in row order. */
  files: string[];
  rows: number;
}

/**
 * Write an analysis cache (an AnalysisCache or its file) or one shard of an
 * analysis (an AnalysisShard or its file) as a Hive-style Parquet dataset:
 * `DIR/model=<model name>/part-00000.parquet`, … with the cache's columns
 * (the fixed-size top-k lists become Parquet lists; the Arrow schema that
 * the Parquet file also carries restores them for Arrow readers) and its
 * lmdiff.* metadata as Parquet key-value metadata.  The folder name makes
 * `model` a column for DuckDB (`read_parquet` of the files one folder below
 * DIR, with `hive_partitioning = true`; see examples/duckdb-query.ts),
 * Spark, Polars and pyarrow, so that the caches of several models written
 * into one DIR are queried as one table.
 *
 * The model's folder is replaced as a whole: written inside a temporary
 * folder of DIR (as `.model-<name>.PID.SEQ.tmp/model=<name>/`, one level
 * deeper than that glob reaches, and without a "=" that Hive partition
 * discovery would read; DuckDB's globs do not skip hidden folders) and
 * renamed into place when complete; other models' folders are left alone.
 * With a `part` (or from a shard), only that part's file is replaced, by a
 * rename from a hidden temporary file beside it.
 */
export async function writeParquetDataset(
  source: string | AnalysisCache | AnalysisShard,
  dir: string,
  opts: ParquetDatasetOptions = {},
): Promise<ParquetDataset> {
  const partOption = opts.part === undefined ? undefined : checkPartName(opts.part);
  checkDatasetDir(dir);
  checkAbort(opts.signal);
  const rows = await rowSource(source);
  // A shard is always one part, named after it, so that the n shards of a model land side by side.
  const part = partOption ?? rows.part;
  const groupRows = maybeInt("rowGroupRows", opts.rowGroupRows, defaultRowGroupRows(rows.meta.topK), 1);
  const fileRows = maybeInt("rowsPerFile", opts.rowsPerFile, ROWS_PER_FILE, 1);
  const nRows = rows.nRows;
  const name = `model=${safeFileName(rows.meta.modelName)}`;
  const folder = path.join(path.resolve(dir), name);
  const write = (file: string, start: number, end: number) => writeParquetFile(file, rows, start, end, groupRows, opts.signal);

  if (part !== undefined) {
    const file = path.join(folder, `${part}.parquet`);
    mkdirs(folder);
    // Hidden, and ending in .tmp rather than .parquet, so that no glob of the dataset's files reads it half-written.
    const stem = path.join(folder, `.${part}.parquet`);
    removeStaleTemps(stem);
    const tmp = tempPath(stem);
    try {
      await write(tmp, 0, nRows);
      fs.renameSync(tmp, file);
    } catch (e) {
      removeQuietly(tmp);
      throw fileError(e, file);
    }
    return { folder, files: [file], rows: nRows };
  }

  const stem = path.join(path.resolve(dir), `.model-${safeFileName(rows.meta.modelName)}`);
  mkdirs(path.dirname(stem));
  removeStaleTemps(stem);
  const tmp = tempPath(stem);
  const staged = path.join(tmp, name);
  try {
    mkdirs(staged);
    const names: string[] = [];
    // At least one file, so that an analysis without rows still shows its model and columns.
    for (let start = 0, i = 0; start < nRows || i === 0; start += fileRows, i++) {
      names.push(`part-${String(i).padStart(5, "0")}.parquet`);
      await write(path.join(staged, names[i]), start, Math.min(nRows, start + fileRows));
    }
    moveIntoPlace(staged, folder, tmp);
    return { folder, files: names.map((n) => path.join(folder, n)), rows: nRows };
  } catch (e) {
    throw fileError(e, folder);
  } finally {
    try {
      fs.rmSync(tmp, { recursive: true, force: true });
    } catch {
      // Left for the next run's removeStaleTemps; the write's own outcome is what to report.
    }
  }
}

/**
 * Refuse an output that is a file (or lies below one) before any work is
 * done: a Parquet dataset is a folder.  The CLI calls it before analysing.
 */
export function checkDatasetDir(dir: string): void {
  let at = path.resolve(dir);
  for (;;) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(at);
    } catch {
      stat = undefined;
    }
    if (stat && !stat.isDirectory())
      throw new LmdiffError(
        at === path.resolve(dir)
          ? `${dir} is a file, not a folder: a Parquet dataset is written as a folder of files (choose a folder)`
          : `${dir} lies inside ${at}, which is a file, not a folder (choose a folder for the Parquet dataset)`,
        "bad-option",
      );
    if (stat || path.dirname(at) === at) return;
    at = path.dirname(at);
  }
}

/** A part name is a plain file stem: it must not reach into another folder, nor be hidden from readers (".", "_"). */
function checkPartName(part: string): string {
  if (typeof part !== "string" || !/^[A-Za-z0-9][\w.-]*$/.test(part) || part.endsWith(".tmp"))
    throw new LmdiffError(
      `invalid part name ${JSON.stringify(part)} (expected a file stem of letters, digits, "_", "." and "-", such as part-3-of-8)`,
      "bad-option",
    );
  return part;
}

/** Rows per row group: MAX_ROW_GROUP_ROWS, or fewer when k is large enough that those rows would pass MAX_ROW_GROUP_BYTES. */
function defaultRowGroupRows(k: number): number {
  // doc, pos, token, prob, logprob, rank, entropy: 4 bytes each; two top-k lists of 4-byte items.
  const rowBytes = 7 * 4 + 2 * 4 * k;
  return Math.max(1024, Math.min(MAX_ROW_GROUP_ROWS, Math.floor(MAX_ROW_GROUP_BYTES / rowBytes)));
}

function mkdirs(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw fileError(e, dir);
  }
}

/**
 * Rename the staged folder to `folder`.  A folder already there (an earlier
 * run's) is first moved into this run's temporary folder, which is removed
 * afterwards: renaming over a non-empty folder fails, and moving it to a
 * name of its own in DIR would put its files where a glob of the model
 * folders' files sees them.  Between the two renames the model is briefly
 * absent, never half-written (Node has no atomic exchange of two folders).
 * Retried, because another run replacing the same model may put its folder
 * in place between the two.
 */
function moveIntoPlace(staged: string, folder: string, tmp: string): void {
  for (let attempt = 0; ; attempt++) {
    try {
      fs.renameSync(staged, folder);
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if ((code !== "ENOTEMPTY" && code !== "EEXIST") || attempt >= 3) throw e;
    }
    try {
      fs.renameSync(folder, path.join(tmp, `replaced-${attempt}`));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
  }
}

/**
 * Write rows [start, end) of the cache as one Parquet file, streaming: the
 * row groups are handed to parquet-wasm's writer one at a time as it asks
 * for them, and the bytes it returns go to the file as they come.
 */
async function writeParquetFile(
  file: string,
  rows: RowSource,
  start: number,
  end: number,
  groupRows: number,
  signal?: AbortSignal,
): Promise<void> {
  const pq = parquetWasm();
  let next = start;
  let sent = false;
  // The writer reports an error of the input stream as "Dyn casting error" (it takes the error for a batch), so it is kept here to be thrown instead.
  let failure: Error | undefined;
  const batches = new ReadableStream(
    {
      pull(controller) {
        try {
          checkAbort(signal);
          // An empty range still sends one empty batch: the writer takes the file's schema from its first batch.
          if (next >= end && sent) return controller.close();
          const stop = Math.min(end, next + groupRows);
          const table = pq.Table.fromIPCStream(tableToIPC(rows.slice(next, stop), "stream"));
          for (const batch of table.recordBatches()) controller.enqueue(batch);
          table.free();
          next = stop;
          sent = true;
        } catch (e) {
          failure = e instanceof Error ? e : new Error(String(e));
          controller.error(failure);
        }
      },
    },
    // One row group at a time: the writer pulls the next when it has taken the last.
    { highWaterMark: 0 },
  );
  const props = new pq.WriterPropertiesBuilder()
    .setCompression(pq.Compression.ZSTD)
    .setMaxRowGroupSize(groupRows)
    .setKeyValueMetadata(rows.metadata)
    .build();
  const fd = fs.openSync(file, "w");
  try {
    const reader = (await pq.transformParquetStream(batches, props)).getReader() as ReadableStreamDefaultReader<Uint8Array>;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      fs.writeFileSync(fd, value);
    }
    // The writer may also end its output normally after the input failed, with the row groups it had: not a finished file.
    if (failure) throw failure;
    fs.fsyncSync(fd);
  } catch (e) {
    throw failure ?? e;
  } finally {
    fs.closeSync(fd);
  }
}

/** The rows to write, from a cache or a shard, and what the dataset needs to know of them. */
interface RowSource {
  meta: CacheMeta;
  /** The Arrow file's metadata, kept as the Parquet files' key-value metadata. */
  metadata: Map<string, string>;
  nRows: number;
  /** The part a shard is written as. */
  part?: string;
  /** Rows [start, end), as a table with the source's schema and metadata; an empty range gives one empty batch. */
  slice(start: number, end: number): Table;
}

/** A cache's rows (a cache file is opened, a shard file read as a shard), or a shard's. */
async function rowSource(source: string | AnalysisCache | AnalysisShard): Promise<RowSource> {
  if (source instanceof AnalysisShard) return shardRows(source);
  if (source instanceof AnalysisCache) return cacheSource(source);
  try {
    return cacheSource(AnalysisCache.open(source));
  } catch (e) {
    if ((e as LmdiffError).code !== "shard-not-cache") throw e;
    return shardRows(await AnalysisShard.read(source));
  }
}

function cacheSource(cache: AnalysisCache): RowSource {
  const schema = cacheSchema(cache.meta);
  return {
    meta: cache.meta,
    metadata: schema.metadata,
    nRows: cache.doc.length,
    slice: (start, end) => new Table([cacheRows(cache, schema, start, end)]),
  };
}

/**
 * A shard's rows, from its Arrow file read into memory (as a cache is
 * when opened), with its metadata: the whole analysis's and which shard it is.
 */
function shardRows(shard: AnalysisShard): RowSource {
  let table: Table;
  try {
    table = tableFromIPC(fs.readFileSync(shard.path));
  } catch (e) {
    throw new LmdiffError(
      `${shard.path} cannot be read (${(e as Error).message.split("\n")[0]}); run the shard's analysis again`,
      "bad-cache",
    );
  }
  shard.checkRows(table);
  const schema = new Schema<CacheTypeMap>(cacheSchema(shard.meta).fields, table.schema.metadata);
  // Table.slice fails on a table without batches (a shard of no documents), hence the empty batch of scoresBatch.
  const empty = new Table([scoresBatch(schema, shard.meta.topK, 0, [])]);
  return {
    meta: shard.meta,
    metadata: table.schema.metadata,
    nRows: table.numRows,
    part: `part-${shard.shard.index}-of-${shard.shard.count}`,
    slice: (start, end) => (end > start ? table.slice(start, end) : empty),
  };
}

/**
 * Rows [start, end) of an open cache as a record batch with the cache's
 * schema.  The columns the cache holds are views of its arrays (no copy);
 * pos, which it does not keep, is counted again from the documents' first
 * rows, and a document's text goes on its first row, as in the file.
 */
function cacheRows(cache: AnalysisCache, schema: Schema<CacheTypeMap>, start: number, end: number): RecordBatch {
  const n = end - start;
  const k = cache.meta.topK;
  const { doc, token, scores } = cache;
  const pos = new Int32Array(n);
  const texts = new Array<string | null>(n).fill(null);
  let first = start;
  for (let r = start; r < end; r++) {
    // A placeholder row (token −1) is a document without tokens: its only row, at pos −1.
    if (token[r] < 0) {
      pos[r - start] = -1;
      texts[r - start] = cache.text(doc[r]);
      continue;
    }
    if (r === start) first = cache.range(doc[r])[0];
    else if (doc[r] !== doc[r - 1]) first = r;
    pos[r - start] = r - first;
    if (r === first) texts[r - start] = cache.text(doc[r]);
  }
  const cut = (a: Float32Array) => a.subarray(start, end);
  const b = scores.entropyBounds;
  return cacheBatch(schema, k, {
    doc: doc.subarray(start, end),
    pos,
    token: token.subarray(start, end),
    scores: {
      prob: cut(scores.prob),
      logprob: cut(scores.logprob),
      rank: scores.rank.subarray(start, end),
      entropy: cut(scores.entropy),
      topkIds: scores.topkIds.subarray(start * k, end * k),
      topkProbs: scores.topkProbs.subarray(start * k, end * k),
      ...(b ? { entropyBounds: { lower: cut(b.lower), upper: cut(b.upper) } } : {}),
    },
    texts,
  });
}
