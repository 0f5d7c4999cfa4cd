import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { csvParse } from "d3-dsv";
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

/** A dataset from texts in memory. */
export function inlineDataset(texts: readonly string[], name = "texts"): Dataset {
  const kept = texts.filter((t) => typeof t === "string" && t.trim() !== "");
  return { name, type: "inline", texts: kept, skipped: texts.length - kept.length, checksum: textsChecksum(kept), source: "(inline)" };
}

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
      const fm = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(head);
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
        `unknown dataset "${spec}" (not a file; bundled datasets: ${bundledDatasets().map((d) => d.name).join(", ")})`,
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
    const column = opts.column ?? "text";
    const rows = csvParse(content);
    if (!rows.columns.includes(column))
      throw new LmdiffError(`${file}: no column "${column}" (columns: ${rows.columns.join(", ")}; use --column)`, "bad-dataset");
    texts = [];
    for (const r of rows) {
      const v = r[column] ?? "";
      if (v.trim() === "") skipped++;
      else texts.push(v);
    }
    type = "csv";
  } else if (content.startsWith("---\n") || content.startsWith("---\r\n")) {
    const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(content);
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
      const written = /^checksum:\s*["']?([^"'\s]*)["']?\s*$/m.exec(m[1])?.[1] ?? String(meta.checksum);
      if (!/^[0-9a-fA-F]{64}$/.test(written))
        throw new LmdiffError(`${file}: invalid checksum "${written}" in the front matter (expected 64 hex digits of sha256)`, "bad-checksum");
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
  if (texts.length === 0) throw new LmdiffError(`${file}: the dataset has no texts`, "bad-dataset");
  return { name, type, description, texts, skipped, checksum: textsChecksum(texts), source: path.resolve(file) };
}
