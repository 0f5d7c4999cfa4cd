import * as path from "node:path";
import { Table, tableFromIPC, tableToIPC } from "apache-arrow";
import { csvFormat } from "d3-dsv";
import * as fs from "node:fs";
import { LmdiffError } from "../core/LmdiffError.js";
import { atomicWriteFileSync } from "./atomicWrite.js";

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
      for (const n of names) {
        const v = (r as Record<string, unknown>)[n];
        o[n] = v === null || v === undefined || (typeof v === "number" && Number.isNaN(v)) ? "" : String(v);
      }
      return o;
    });
    return atomicWriteFileSync(file, csvFormat(rows, names) + "\n");
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pq = require("parquet-wasm/node") as typeof import("parquet-wasm/node/parquet_wasm");
  const wasmTable = pq.Table.fromIPCStream(tableToIPC(table, "stream"));
  const props = new pq.WriterPropertiesBuilder().setCompression(pq.Compression.ZSTD).build();
  atomicWriteFileSync(file, pq.writeParquet(wasmTable, props));
}

/** Read a table written by saveTable (Arrow or Parquet). */
export function loadTable(file: string): Table {
  if (!fs.existsSync(file)) throw new LmdiffError(`no such file: ${file}`, "not-found", 404);
  const f = formatOf(file);
  const buf = fs.readFileSync(file);
  try {
    if (f === "arrow") return tableFromIPC(buf);
    if (f === "parquet") {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const pq = require("parquet-wasm/node") as typeof import("parquet-wasm/node/parquet_wasm");
      return tableFromIPC(pq.readParquet(buf).intoIPCStream());
    }
  } catch (e) {
    throw new LmdiffError(`${file} cannot be read (${(e as Error).message.split("\n")[0]})`, "bad-file");
  }
  throw new LmdiffError(`${file}: reading CSV back is not supported (use .arrow or .parquet)`, "bad-option");
}
