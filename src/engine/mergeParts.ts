import * as fs from "node:fs";
import * as path from "node:path";
import {
  FixedSizeList,
  makeData,
  RecordBatch,
  RecordBatchFileWriter,
  Struct,
  tableFromIPC,
  type Data,
  type Float32,
  type Int32,
  type Schema,
  type Table,
  type Utf8,
} from "apache-arrow";
import type { CacheTypeMap } from "./AnalysisCache.js";
import { fileError } from "./fileError.js";
import { removeQuietly, tempPath } from "./tempFiles.js";

/**
 * Merge the parts of an analysis (complete Arrow files of consecutive
 * documents, in name order) into one Arrow IPC file, written to a
 * temporary name and renamed when complete.  A failed merge (a full disk,
 * a part that cannot be read) removes its temporary file and leaves `out`
 * as it was.
 *
 * The file holds one record batch, so each column is one contiguous buffer
 * in it and AnalysisCache reads columns as views of the file, without
 * copying them.  Memory while merging is the merged columns (about the
 * size of the file, which opening the cache costs anyway) plus one part:
 * the parts are read one at a time, once to size the columns and once to
 * fill them.
 */
export async function mergeParts(partDir: string, schema: Schema<CacheTypeMap> | Schema, out: string): Promise<void> {
  const parts = fs
    .readdirSync(partDir)
    .filter((f) => f.endsWith(".arrow"))
    .sort()
    .map((f) => path.join(partDir, f));
  await mergeFiles(parts, schema, out);
}

/**
 * mergeParts for a list of files (the shards of an analysis; see
 * mergeShards), in the order given.  `check` sees each file's table on the
 * first of the two reads, before anything is written, so that a file
 * whose rows are not what its metadata says stops the merge with an error
 * that names it.
 */
export async function mergeFiles(
  parts: string[],
  schema: Schema<CacheTypeMap> | Schema,
  out: string,
  opts: { check?: (part: string, table: Table<CacheTypeMap>) => void } = {},
): Promise<void> {
  const tmp = tempPath(out);
  try {
    await writeBatch(concatParts(parts, schema, opts.check), tmp);
    fs.renameSync(tmp, out);
  } catch (e) {
    // A full disk or a cancelled merge leaves no half-written file behind.
    removeQuietly(tmp);
    throw fileError(e, out);
  }
}

type Flat = Int32Array | Float32Array;

/** The record batches of every part, in order, one part in memory at a time. */
function* partBatches(parts: string[], check?: (part: string, table: Table<CacheTypeMap>) => void): Generator<RecordBatch<CacheTypeMap>> {
  for (const p of parts) {
    const table = tableFromIPC<CacheTypeMap>(fs.readFileSync(p));
    check?.(p, table);
    yield* table.batches;
  }
}

/**
 * The rows of all parts as one record batch of the cache schema.  The
 * fixed-width columns are copied buffer by buffer; the text column (UTF-8,
 * null on all but a document's first row) is rebuilt from its offsets,
 * bytes and validity bits.
 */
function concatParts(
  parts: string[],
  schema: Schema<CacheTypeMap> | Schema,
  check?: (part: string, table: Table<CacheTypeMap>) => void,
): RecordBatch {
  // A pair cache's columns are of the same kinds (Int32, Float32), without the text.
  const fields = (schema as Schema<CacheTypeMap>).fields;
  const textIndex = fields.findIndex((f) => f.name === "text");
  const width = fields.map((f) => (f.type instanceof FixedSizeList ? f.type.listSize : 1));
  // First pass: the sizes of the merged columns.
  let rows = 0;
  let textBytes = 0;
  for (const b of partBatches(parts, check)) {
    rows += b.numRows;
    // A pair cache (see PairCache) has no text column.
    if (textIndex < 0) continue;
    const t = b.getChildAt<Utf8>(textIndex)!.data[0];
    textBytes += t.valueOffsets[t.length] - t.valueOffsets[0];
  }
  const columns = fields.map((f, i) => (i === textIndex ? null : newValues(f.type, rows * width[i])));
  const offsets = new Int32Array(rows + 1);
  const bytes = new Uint8Array(textBytes);
  const valid = new Uint8Array(Math.ceil(rows / 64) * 8);
  let nulls = 0;
  // Second pass: fill them.
  let row = 0;
  for (const b of partBatches(parts)) {
    const n = b.numRows;
    fields.forEach((_, i) => {
      const dst = columns[i];
      if (!dst) return;
      const d = b.getChildAt(i)!.data[0];
      const src = (width[i] === 1 ? d.values : d.children[0].values) as Flat;
      dst.set(src.subarray(0, n * width[i]), row * width[i]);
    });
    if (textIndex < 0) {
      row += n;
      continue;
    }
    const t = b.getChildAt<Utf8>(textIndex)!.data[0];
    const from = t.valueOffsets[0];
    const at = offsets[row];
    bytes.set(t.values.subarray(from, t.valueOffsets[n]), at);
    for (let j = 0; j < n; j++) {
      offsets[row + j + 1] = at + t.valueOffsets[j + 1] - from;
      const r = row + j;
      if (t.getValid(j)) valid[r >> 3] = valid[r >> 3] | (1 << (r & 7));
      else nulls++;
    }
    row += n;
  }
  const children = fields.map((f, i): Data => {
    const type = f.type;
    if (i === textIndex)
      return makeData({ type: type as Utf8, length: rows, nullCount: nulls, nullBitmap: valid, valueOffsets: offsets, data: bytes });
    const data = columns[i]!;
    if (type instanceof FixedSizeList)
      return makeData({ type, length: rows, child: fixedData(type.children[0].type, rows * width[i], data) });
    return fixedData(type as Int32 | Float32, rows, data);
  });
  return new RecordBatch(schema, makeData({ type: new Struct(fields), length: rows, children }));
}

/** A zeroed array of n values of a column's value type (a list's item type for a FixedSizeList). */
function newValues(type: CacheTypeMap[keyof CacheTypeMap], n: number): Flat {
  const values = type instanceof FixedSizeList ? type.children[0].type : type;
  const Ctor = values.ArrayType as { new (n: number): Flat };
  return new Ctor(n);
}

/** The data of n Int32 or Float32 values; the array's class tells which (newValues made it from the type). */
function fixedData(type: Int32 | Float32, n: number, data: Flat): Data<Int32> | Data<Float32> {
  return data instanceof Int32Array
    ? makeData({ type: type as Int32, length: n, data })
    : makeData({ type: type as Float32, length: n, data });
}

/** Write one batch as a complete Arrow IPC file and flush it to the disk. */
async function writeBatch(batch: RecordBatch, file: string): Promise<void> {
  const sink = fs.createWriteStream(file);
  const writer = new RecordBatchFileWriter();
  const piped = new Promise<void>((resolve, reject) => {
    sink.on("finish", resolve);
    sink.on("error", reject);
  });
  // The writer hands the column buffers to the stream as they are, without
  // joining them into one more copy of the file.
  writer.toNodeStream().pipe(sink);
  writer.reset(undefined, batch.schema);
  writer.write(batch);
  writer.finish();
  await piped;
  const fd = fs.openSync(file, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
