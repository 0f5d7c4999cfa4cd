import * as path from "node:path";
import { Table, tableFromArrays, tableFromIPC, tableToIPC } from "apache-arrow";
import { csvFormat, csvParse } from "d3-dsv";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import { LmdiffError } from "../core/LmdiffError.js";
import { atomicWriteFileSync } from "./atomicWrite.js";

/**
 * The parts of parquet-wasm that lmdiff uses (here and in
 * writeParquetDataset).  Its Node build ("parquet-wasm/node", which needs
 * no init call) has the same API as the ES module build whose declarations
 * the package root names.
 */
export type ParquetWasm = Pick<
  typeof import("parquet-wasm"),
  "Table" | "WriterPropertiesBuilder" | "Compression" | "writeParquet" | "readParquet" | "transformParquetStream"
>;

/**
 * parquet-wasm's Node build, loaded on first use: it compiles its
 * WebAssembly as it loads, which only Parquet files need.  A synchronous
 * require, so that saveTable and loadTable stay synchronous.
 */
export function parquetWasm(): ParquetWasm {
  return createRequire(__filename)("parquet-wasm/node") as ParquetWasm;
}

export type TableFormat = "arrow" | "parquet" | "csv";

/** The format a file name asks for: .arrow/.ipc/.feather, .parquet, .csv. */
export function formatOf(file: string, format?: string): TableFormat {
  if (format) {
    if (format === "arrow" || format === "parquet" || format === "csv") return format;
    throw new LmdiffError(`unknown format "${format}" (expected arrow, parquet or csv)`, "bad-option");
  }
  const ext = path.extname(file).toLowerCase();
  if ([".arrow", ".ipc", ".feather", ".arrows"].includes(ext)) return "arrow";
  if (ext === ".parquet") return "parquet";
  if (ext === ".csv") return "csv";
  throw new LmdiffError(`cannot tell the format of ${file} (use .arrow, .parquet or .csv, or pass a format)`, "bad-option");
}

/**
 * Write a table as Arrow IPC (file format, which pandas, Polars, DuckDB and
 * Spark open), Parquet (through parquet-wasm, the Rust parquet crate
 * compiled to WebAssembly) or CSV (d3-dsv's RFC 4180 quoting).  Atomic.
 */
export function saveTable(table: Table, file: string, format?: string): void {
  const f = formatOf(file, format);
  if (f === "arrow") return atomicWriteFileSync(file, tableToIPC(table, "file"));
  if (f === "csv") {
    const names = table.schema.fields.map((x) => x.name);
    const rows = table.toArray().map((r) => {
      const o: Record<string, string> = {};
      for (const n of names) o[n] = csvCell((r as Record<string, unknown>)[n]);
      return o;
    });
    return atomicWriteFileSync(file, csvFormat(rows, names) + "\n");
  }
  const pq = parquetWasm();
  const wasmTable = pq.Table.fromIPCStream(tableToIPC(table, "stream"));
  const props = new pq.WriterPropertiesBuilder().setCompression(pq.Compression.ZSTD).build();
  atomicWriteFileSync(file, pq.writeParquet(wasmTable, props));
}

/**
 * A table value as a CSV cell: empty for null and NaN; a string, number,
 * bigint or boolean as String() writes it (results tables hold only these);
 * anything else (an Arrow list or struct) as JSON.
 */
function csvCell(v: unknown): string {
  if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

/** Read a table written by saveTable (Arrow, Parquet or CSV). */
export function loadTable(file: string): Table {
  if (!fs.existsSync(file)) throw new LmdiffError(`no such file: ${file}`, "not-found", 404);
  const f = formatOf(file);
  const buf = fs.readFileSync(file);
  try {
    if (f === "arrow") return tableFromIPC(buf);
    if (f === "parquet") {
      const pq = parquetWasm();
      return tableFromIPC(pq.readParquet(buf).intoIPCStream());
    }
  } catch (e) {
    throw new LmdiffError(`${file} cannot be read (${(e as Error).message.split("\n")[0]})`, "bad-file");
  }
  return csvToTable(buf.toString("utf8"), file);
}

/**
 * A results CSV back as a table: index and n_tokens as integers, text as
 * strings, every other column as float64 (empty cells are NaN).  CSV keeps
 * no metadata, so the models and caches are not known afterwards.
 */
function csvToTable(content: string, file: string): Table {
  const rows = csvParse(content);
  if (!rows.columns.includes("index") || !rows.columns.includes("text"))
    throw new LmdiffError(`${file} is not an lmdiff results CSV (no index and text columns)`, "bad-file");
  const cols: Record<string, Int32Array | Float64Array | string[]> = {};
  for (const c of rows.columns) {
    if (c === "text") cols[c] = rows.map((r) => r[c] ?? "");
    else if (c === "index" || c === "n_tokens") cols[c] = Int32Array.from(rows, (r) => Number(r[c]));
    else cols[c] = Float64Array.from(rows, (r) => (r[c] === "" || r[c] === undefined ? NaN : Number(r[c])));
  }
  return tableFromArrays(cols);
}
