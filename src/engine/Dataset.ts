import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { parse as parseYaml } from "yaml";
import { LmdiffError } from "../core/LmdiffError.js";
import { bundledDataDir } from "./paths.js";

/** A corpus: texts to compare the models on. */
export interface Dataset {
  name: string;
  type: string;
  description?: string;
  /** sha256 of the texts, each followed by "\n": identifies the corpus in caches. */
  checksum: string;
  texts: string[];
  /** Blank lines (or empty records) that were skipped. */
  skipped: number;
  /** The file it came from, or "(inline)". */
  source: string;
}

export interface DatasetOptions {
  /** JSON Lines: the field holding the text (default "text"). */
  field?: string;
  /** CSV: the column holding the text (default "text"). */
  column?: string;
  /** Name for an inline dataset. */
  name?: string;
}

export function textsChecksum(texts: readonly string[]): string {
  const h = createHash("sha256");
  for (const t of texts) h.update(t + "\n");
  return h.digest("hex");
}

/**
 * The error for a corpus with nothing to score, shared by files and texts
 * in memory so that the CLI and the API say the same thing.
 */
function noTexts(where: string): LmdiffError {
  return new LmdiffError(`${where}: the dataset has no texts`, "bad-dataset");
}

/** How a value that should have been a string reads in an error ("a number", "null"). */
function typeName(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return "an array";
  const t = typeof v;
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

/**
 * Check texts given in memory: an array of strings with at least one that
 * is not blank.  Anything else used to be dropped silently, which turned
 * `compare(m1, m2, [1, 2, 3])` into an empty result instead of an error.
 */
export function assertTexts(texts: unknown): asserts texts is readonly string[] {
  if (!Array.isArray(texts)) throw new LmdiffError(`the corpus is ${typeName(texts)}, not an array of strings`, "bad-dataset");
  // A plain loop, not forEach, so that the holes of a sparse array are reported too.
  for (let i = 0; i < texts.length; i++) {
    if (typeof texts[i] !== "string")
      throw new LmdiffError(`the text at index ${i} of the corpus is ${typeName(texts[i])}, not a string`, "bad-dataset");
  }
  if (!texts.some((t: string) => t.trim() !== ""))
    throw noTexts(texts.length === 0 ? "an empty array of texts" : `${texts.length} blank text${texts.length === 1 ? "" : "s"}`);
}

/** A dataset from texts in memory; blank texts are skipped and counted. */
export function inlineDataset(texts: readonly string[], name = "texts"): Dataset {
  assertTexts(texts);
  const kept = texts.filter((t) => t.trim() !== "");
  return { name, type: "inline", texts: kept, skipped: texts.length - kept.length, checksum: textsChecksum(kept), source: "(inline)" };
}

/**
 * The YAML front matter of a dataset in the paper's format: a "---" line,
 * the YAML (group 1), and a closing "---" line, with LF or CRLF line ends.
 * The body starts right after the match.
 */
const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/;

/** The bundled corpora (data/*.txt). */
export function bundledDatasets(): { name: string; type: string; description?: string; path: string }[] {
  const dir = bundledDataDir();
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => {
      const p = path.join(dir, f);
      const head = fs.readFileSync(p, "utf8").slice(0, 2000);
      const fm = FRONT_MATTER.exec(head);
      const meta = fm ? (parseYaml(fm[1]) as Record<string, string>) : {};
      return { name: meta.name ?? f.slice(0, -4), type: meta.type ?? "text", description: meta.description, path: p };
    });
}

function splitLines(body: string): { texts: string[]; skipped: number } {
  const texts: string[] = [];
  let skipped = 0;
  for (const raw of body.split("\n")) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "") skipped++;
    else texts.push(line);
  }
  // The final newline of a file does not make a blank line.
  if (body.endsWith("\n")) skipped--;
  return { texts, skipped: Math.max(0, skipped) };
}

/** Line breaks (LF, CRLF or a lone CR) in buf[from, to). */
function countLineBreaks(buf: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    if (buf[i] === 0x0a || (buf[i] === 0x0d && buf[i + 1] !== 0x0a)) n++;
  }
  return n;
}

/**
 * The texts of one CSV column.  csv-parse is a strict RFC 4180 parser that
 * reports malformed input (an unterminated quote, a stray quote) instead of
 * guessing, which d3-dsv did: there a row with a field missing became an
 * empty text that was counted as a blank line, and an unterminated quote
 * swallowed the rest of the file into one text.  Each error names the line
 * where the bad record starts, counted here from csv-parse's byte offsets
 * because its own line count drifts after a quoted CRLF.
 */
function csvTexts(file: string, content: string, column: string): { texts: string[]; skipped: number } {
  const buf = Buffer.from(content, "utf8");
  let header: string[] | undefined;
  let col = -1;
  let line = 1; // where the next record starts
  let bytes = 0; // where the next record starts, in bytes
  const texts: string[] = [];
  let skipped = 0;
  const take = (record: string[], end: number) => {
    if (header === undefined) {
      header = record;
      col = header.indexOf(column);
      if (col < 0) throw new LmdiffError(`${file}: no column "${column}" (columns: ${header.join(", ")}; use --column)`, "bad-dataset");
    } else if (record.length === 1 && record[0].trim() === "") {
      // A blank line is skipped and counted, as in the other formats.
      skipped++;
    } else if (record.length !== header.length) {
      const n = record.length;
      throw new LmdiffError(
        `${file} line ${line}: ${n} field${n === 1 ? "" : "s"} where the header has ${header.length}; quote fields that contain commas or line breaks`,
        "bad-dataset",
      );
    } else if (record[col].trim() === "") skipped++;
    else texts.push(record[col]);
    line += countLineBreaks(buf, bytes, end);
    bytes = end;
  };
  try {
    // The field count is checked in `take`, where a blank line can be told from a short row.
    parseCsv(buf, {
      relax_column_count: true,
      skip_empty_lines: false,
      on_record: (record: string[], ctx: { bytes: number }) => {
        take(record, ctx.bytes);
        return null;
      },
    });
  } catch (e) {
    if (e instanceof LmdiffError) throw e;
    const code = (e as { code?: string }).code;
    const what =
      code === "CSV_QUOTE_NOT_CLOSED"
        ? "a quoted field starts here and is never closed; end it with a quote, and double any quote inside it"
        : code === "CSV_INVALID_CLOSING_QUOTE"
          ? "text follows the closing quote of a field; double any quote inside a quoted field"
          : code === "INVALID_OPENING_QUOTE"
            ? "a quote inside an unquoted field; quote the whole field and double the quotes inside it"
            : `malformed CSV (${String((e as Error).message).split(/[:\n]/)[0]})`;
    throw new LmdiffError(`${file} line ${line}: ${what}`, "bad-dataset");
  }
  if (header === undefined)
    throw new LmdiffError(`${file}: no column "${column}" (the file is empty; the first line names the columns)`, "bad-dataset");
  return { texts, skipped };
}

/**
 * Load a dataset: a bundled name ("fortunes-en"), or a file in the LMdiff
 * format (YAML front matter with name, type and a sha256 checksum of the
 * body, then one text per line), plain .txt (one text per line), .jsonl
 * (a "text" field, or opts.field) or .csv (a "text" column, or opts.column).
 */
export function loadDataset(spec: string, opts: DatasetOptions = {}): Dataset {
  if (typeof spec !== "string" || spec === "") throw new LmdiffError("a dataset is required (a bundled name or a file)", "bad-option");
  let file = spec;
  if (!fs.existsSync(file)) {
    const bundled = bundledDatasets().find((d) => d.name === spec);
    if (!bundled)
      throw new LmdiffError(
        `unknown dataset "${spec}" (not a file; bundled datasets: ${bundledDatasets()
          .map((d) => d.name)
          .join(", ")})`,
        "unknown-dataset",
        404,
      );
    file = bundled.path;
  }
  if (fs.statSync(file).isDirectory()) throw new LmdiffError(`${file} is a folder, not a dataset file`, "bad-dataset");
  const buf = fs.readFileSync(file);
  let content: string;
  try {
    content = new TextDecoder("utf-8", { fatal: true }).decode(buf);
  } catch {
    throw new LmdiffError(`${file} is not valid UTF-8 text`, "bad-dataset");
  }
  if (content.charCodeAt(0) === 0xfeff) content = content.slice(1);
  const base = path.basename(file).replace(/\.[^.]+$/, "");
  const ext = path.extname(file).toLowerCase();
  let name = opts.name ?? base;
  let type = "text";
  let description: string | undefined;
  let texts: string[];
  let skipped = 0;
  if (ext === ".jsonl" || ext === ".ndjson") {
    const field = opts.field ?? "text";
    texts = [];
    content.split("\n").forEach((line, i) => {
      if (line.trim() === "") return void skipped++;
      let rec: unknown;
      try {
        rec = JSON.parse(line);
      } catch (e) {
        throw new LmdiffError(`${file}:${i + 1}: invalid JSON (${(e as Error).message})`, "bad-dataset");
      }
      const v = (rec as Record<string, unknown>)?.[field];
      if (typeof v !== "string")
        throw new LmdiffError(`${file}:${i + 1}: no string field "${field}" (use --field to pick another)`, "bad-dataset");
      if (v.trim() === "") skipped++;
      else texts.push(v);
    });
    if (content.endsWith("\n")) skipped--;
    type = "jsonl";
  } else if (ext === ".csv") {
    ({ texts, skipped } = csvTexts(file, content, opts.column ?? "text"));
    type = "csv";
  } else if (content.startsWith("---\n") || content.startsWith("---\r\n")) {
    const m = FRONT_MATTER.exec(content);
    if (!m) throw new LmdiffError(`${file}: the front matter is not closed with a "---" line`, "bad-dataset");
    let meta: Record<string, unknown>;
    try {
      meta = (parseYaml(m[1]) ?? {}) as Record<string, unknown>;
    } catch (e) {
      throw new LmdiffError(`${file}: invalid YAML front matter (${(e as Error).message.split("\n")[0]})`, "bad-dataset");
    }
    const body = content.slice(m[0].length);
    if (meta.checksum !== undefined && meta.checksum !== null && meta.checksum !== "") {
      // Read the checksum as written: YAML would turn an all-digit hex string into a number.
      const parsed = meta.checksum;
      const written =
        /^checksum:\s*["']?([^"'\s]*)["']?\s*$/m.exec(m[1])?.[1] ?? (typeof parsed === "string" ? parsed : JSON.stringify(parsed));
      if (!/^[0-9a-fA-F]{64}$/.test(written))
        throw new LmdiffError(
          `${file}: invalid checksum "${written}" in the front matter (expected 64 hex digits of sha256)`,
          "bad-checksum",
        );
      const actual = createHash("sha256").update(body, "utf8").digest("hex");
      if (actual !== written.toLowerCase())
        throw new LmdiffError(
          `${file}: checksum mismatch (front matter says ${written.slice(0, 12)}…, the body hashes to ${actual.slice(0, 12)}…); the file was changed or truncated`,
          "bad-checksum",
        );
    }
    name = opts.name ?? (typeof meta.name === "string" ? meta.name : base);
    type = typeof meta.type === "string" ? meta.type : "text";
    description = typeof meta.description === "string" ? meta.description : undefined;
    ({ texts, skipped } = splitLines(body));
  } else if (ext === ".txt" || ext === "") {
    ({ texts, skipped } = splitLines(content));
  } else {
    throw new LmdiffError(`${file}: unsupported dataset format "${ext}" (expected .txt, .jsonl or .csv)`, "bad-dataset");
  }
  if (texts.length === 0) throw noTexts(file);
  return { name, type, description, texts, skipped, checksum: textsChecksum(texts), source: path.resolve(file) };
}
