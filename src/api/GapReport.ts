import { inspect } from "node:util";
import { Field, Float64, Int32, makeData, RecordBatch, Schema, Struct, Table, Utf8, vectorFromArray, type Data } from "apache-arrow";
import {
  GAP_BUCKET_LABELS,
  gapReport,
  gapStats,
  type BucketStats,
  type GapDoc,
  type GapReportData,
  type GapReportOptions,
  type GapScoring,
  type GapStats,
  type LiteralStats,
  type TextStats,
} from "../core/gapReport.js";
import type { ModelLabel } from "../core/InstanceData.js";
import { LmdiffError } from "../core/LmdiffError.js";
import { checkObject } from "../core/options.js";
import { atomicWriteFileSync } from "../engine/atomicWrite.js";
import { svgToPNG, type PNGOptions } from "../export/svgToPNG.js";
import { displayBundle, type MimeBundle } from "../notebook/displayBundle.js";
import { JUPYTER_DISPLAY } from "../notebook/NotebookView.js";
import { formatValue } from "../render/formatValue.js";
import { gapReportSVG, visibleLiteral, type GapFigureOptionsInput } from "../render/gapReportFigure.js";
import { escapeXml } from "../render/svg.js";
import { splitPNGOptions } from "./splitPNGOptions.js";

export const GAP_REPORT_FORMAT = "lmdiff-gap-report/1";

/** What toJSON gives: the report without its per-literal and per-text columns (those are the Arrow tables). */
export interface GapReportJSON {
  format: typeof GAP_REPORT_FORMAT;
  models: [ModelLabel, ModelLabel];
  scoring: [GapScoring, GapScoring];
  nTexts: number;
  totals: GapStats;
  buckets: BucketStats[];
  literals: {
    model1Worse: LiteralStats[];
    model2Worse: LiteralStats[];
    kept: number;
    pruned: number;
    overflow: GapStats & { occurrences: number };
  };
  texts: {
    model1Worse: TextStats[];
    model2Worse: TextStats[];
    /** Texts with bpb₂ − bpb₁ below, above and at 0 (or without bytes). */
    model1WorseCount: number;
    model2WorseCount: number;
    tieCount: number;
  };
  options: GapReportData["options"];
}

/** fromDocs' options: the report's, and each model's scoring when the texts do not carry it. */
export interface GapReportFromDocsOptions extends GapReportOptions {
  scoring?: [GapScoring, GapScoring];
}

/**
 * Where the bits-per-byte gap between two models lies over a corpus (see
 * core/gapReport): per bucket of characters (words, whitespace,
 * punctuation, digits, non-ASCII, URLs), per literal and per text.  The
 * numbers are `data`; `buckets`, `literals` and `texts` are the same as
 * Arrow tables (for files, DuckDB, pandas), built on first use; and it
 * offers a summary, a figure (SVG, PNG) and notebook display.  Signs:
 * gap = model 2 minus model 1, positive where model 2 needs more bits.
 */
export class GapReport {
  private tables: { buckets?: Table; literals?: Table; texts?: Table } = {};

  constructor(
    readonly data: GapReportData,
    readonly models: [ModelLabel, ModelLabel],
    /** A masked model's bits are pseudo-bits (pseudo-log-likelihood), labelled so in every output. */
    readonly scoring: [GapScoring, GapScoring],
  ) {}

  /**
   * The report of byte-aligned texts (AlignedData, or anything with index,
   * chars, charBytes, bits1 and bits2), read once.  `models` and
   * `opts.scoring` default to what the texts carry (AlignedData carries
   * both), then to "model 1"/"model 2" and causal scoring.
   */
  static fromDocs(
    docs: Iterable<GapDoc>,
    models?: readonly [ModelLabel, ModelLabel] | null,
    opts: GapReportFromDocsOptions = {},
  ): GapReport {
    checkObject("gap report", opts);
    const { scoring, ...reportOpts } = opts;
    if (
      scoring !== undefined &&
      !(Array.isArray(scoring) && scoring.length === 2 && scoring.every((s) => s === "causal" || s === "masked"))
    )
      throw new LmdiffError(`invalid scoring ${JSON.stringify(scoring)} (expected two of "causal", "masked")`, "bad-option");
    const data = gapReport(docs, reportOpts);
    const labels: [ModelLabel, ModelLabel] = models
      ? [models[0], models[1]]
      : (data.models ?? [
          { name: "model 1", spec: "" },
          { name: "model 2", spec: "" },
        ]);
    return new GapReport(data, labels, scoring ?? data.scoring ?? ["causal", "causal"]);
  }

  /**
   * One row per bucket: bucket (Utf8); bytes, chars, bits_1, bits_2,
   * bpb_1, bpb_2, gap, gap_bpb, share, abs_share (Float64, null where
   * undefined: the bpb of an empty bucket, shares of a zero gap).
   */
  get buckets(): Table {
    return (this.tables.buckets ??= this.arrow("lmdiff-gap-buckets/1", this.data.buckets, [
      utf8("bucket", (b) => b.bucket),
      ...statColumns<BucketStats>(),
      float64("share", (b) => b.share),
      float64("abs_share", (b) => b.abs_share),
    ]));
  }

  /**
   * One row per kept literal, largest |gap| first: literal, kind (Utf8);
   * occurrences, bytes, chars, bits_1, bits_2, bpb_1, bpb_2, gap, gap_bpb
   * (Float64).  Schema metadata lmdiff.literals_pruned says how many
   * entries the memory cap dropped (0: the table is every literal).
   */
  get literals(): Table {
    if (this.tables.literals) return this.tables.literals;
    const a = this.data.literals.all;
    const rows = a.literal.map((literal, i) => ({
      literal,
      kind: a.kind[i],
      occurrences: a.occurrences[i],
      ...gapStats(a.bytes[i], a.chars[i], a.bits_1[i], a.bits_2[i]),
    }));
    return (this.tables.literals = this.arrow("lmdiff-gap-literals/1", rows, [
      utf8("literal", (r) => r.literal),
      utf8("kind", (r) => r.kind),
      float64("occurrences", (r) => r.occurrences),
      ...statColumns<(typeof rows)[number]>(),
    ]));
  }

  /** One row per text, in input order: index (Int32); bytes, chars, bits_1, bits_2, bpb_1, bpb_2, gap, gap_bpb (Float64, null without bytes). */
  get texts(): Table {
    if (this.tables.texts) return this.tables.texts;
    const a = this.data.texts.all;
    const rows = Array.from(a.index, (index, i) => ({ index, ...gapStats(a.bytes[i], a.chars[i], a.bits_1[i], a.bits_2[i]) }));
    return (this.tables.texts = this.arrow("lmdiff-gap-texts/1", rows, [
      int32("index", (r) => r.index),
      ...statColumns<(typeof rows)[number]>(),
    ]));
  }

  /** A short paragraph: models, size, each model's bits per byte, where the gap concentrates, the top literals each way. */
  summary(): string {
    const d = this.data;
    const t = d.totals;
    const [m1, m2] = this.models.map((m, i) => {
      const name = m.name === `model ${i + 1}` ? m.name : `${m.name} (model ${i + 1})`;
      return this.scoring[i] === "masked" ? `${name}, masked: pseudo-bits,` : name;
    });
    const head = `Gap report of ${m1} and ${m2} over ${d.nTexts} texts`;
    if (!(t.bytes > 0)) return `${head}: no bytes, nothing to compare.`;
    const parts = [
      `${head}, ${formatValue(t.bytes)} bytes: ` +
        `${formatValue(t.bpb_1)} vs ${formatValue(t.bpb_2)} bits per byte, gap ${signed(t.gap_bpb)} bpb` +
        (t.gap === 0 || !Number.isFinite(t.gap) ? "." : ` (model ${t.gap > 0 ? 2 : 1} needs ${formatValue(Math.abs(t.gap))} more bits).`),
    ];
    const main = d.buckets
      .filter((b) => b.bytes > 0 && b.gap !== 0)
      .sort((a, b) => Math.abs(b.gap) - Math.abs(a.gap))
      .slice(0, 2);
    if (main.length > 0)
      parts.push(
        `The gap concentrates in ${main
          .map(
            (b) =>
              `${GAP_BUCKET_LABELS[b.bucket]} (${signed(b.gap)} bits, ${signed(b.gap_bpb)} bpb over ${percent(b.bytes / t.bytes)} of the bytes)`,
          )
          .join(" and ")}.`,
      );
    const quote = (l: LiteralStats[]) =>
      l
        .slice(0, 3)
        .map((x) => JSON.stringify(visibleLiteral(x.literal)))
        .join(", ");
    if (d.literals.model1Worse.length > 0) parts.push(`Model 1 needs the most extra bits on ${quote(d.literals.model1Worse)}.`);
    if (d.literals.model2Worse.length > 0) parts.push(`Model 2 needs the most extra bits on ${quote(d.literals.model2Worse)}.`);
    const c = this.textCounts();
    parts.push(`Per text, model 1 needs more bits per byte on ${c.model1} and model 2 on ${c.model2}.`);
    if (this.scoring.includes("masked"))
      parts.push(
        "A masked model's bits are pseudo-log-likelihood (each token masked in turn), not a code length: its gap is not a difference in compression.",
      );
    if (d.literals.pruned > 0) parts.push(`The literal lists are approximate (${d.literals.pruned} entries pruned to bound memory).`);
    return parts.join(" ");
  }

  /** The figure as standalone SVG (see render/gapReportFigure). */
  toSVG(options: GapFigureOptionsInput = {}): string {
    return gapReportSVG({ report: this.data, models: this.models, scoring: this.scoring }, options);
  }

  /** Write the figure as SVG, atomically. */
  saveSVG(file: string, options: GapFigureOptionsInput = {}): void {
    atomicWriteFileSync(file, this.toSVG(options));
  }

  /** Write the figure as PNG, atomically (scale: pixels per SVG pixel, default 2; or dpi). */
  savePNG(file: string, options: GapFigureOptionsInput & PNGOptions = {}): void {
    const [figure, png] = splitPNGOptions(options);
    atomicWriteFileSync(file, svgToPNG(this.toSVG(figure), png));
  }

  /** The report's numbers without the per-literal and per-text columns (NaN becomes null in JSON.stringify). */
  toJSON(): GapReportJSON {
    const d = this.data;
    const c = this.textCounts();
    return {
      format: GAP_REPORT_FORMAT,
      models: this.models,
      scoring: this.scoring,
      nTexts: d.nTexts,
      totals: d.totals,
      buckets: d.buckets,
      literals: {
        model1Worse: d.literals.model1Worse,
        model2Worse: d.literals.model2Worse,
        kept: d.literals.kept,
        pruned: d.literals.pruned,
        overflow: d.literals.overflow,
      },
      texts: {
        model1Worse: d.texts.model1Worse,
        model2Worse: d.texts.model2Worse,
        model1WorseCount: c.model1,
        model2WorseCount: c.model2,
        tieCount: c.tie,
      },
      options: d.options,
    };
  }

  /**
   * The report as plain text for a terminal: the summary, the buckets,
   * and the top literals and texts each way (up to `rows` of each).
   */
  toString(rows = 10): string {
    const d = this.data;
    const f = (x: number, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : "–");
    const [a, b] = this.models.map((m) => m.name);
    const unit = this.scoring.includes("masked") ? " (a masked model's are pseudo-bits)" : "";
    const out = [this.summary(), "", `bits per byte${unit}:`];
    out.push(
      `  ${"bucket".padEnd(12)} ${"bytes".padStart(10)} ${a.slice(0, 10).padStart(10)} ${b.slice(0, 10).padStart(10)} ${"gap".padStart(8)} ${"share".padStart(7)}`,
    );
    for (const k of d.buckets)
      out.push(
        `  ${GAP_BUCKET_LABELS[k.bucket].padEnd(12)} ${String(k.bytes).padStart(10)} ${f(k.bpb_1).padStart(10)} ${f(k.bpb_2).padStart(10)} ${f(k.gap_bpb).padStart(8)} ${(Number.isFinite(k.share) ? `${(100 * k.share).toFixed(1)}%` : "–").padStart(7)}`,
      );
    const literals = (title: string, list: LiteralStats[]) => {
      out.push("", title);
      for (const l of list.slice(0, rows))
        out.push(
          `  ${JSON.stringify(l.literal).padEnd(24)} ×${String(l.occurrences).padEnd(7)} gap ${f(l.gap, 1).padStart(10)} bits   ${f(l.bpb_1)} → ${f(l.bpb_2)} bpb`,
        );
    };
    literals(`literals where model 1 (${a}) needs more bits:`, d.literals.model1Worse);
    literals(`literals where model 2 (${b}) needs more bits:`, d.literals.model2Worse);
    const texts = (title: string, list: TextStats[]) => {
      out.push("", title);
      for (const t of list.slice(0, rows)) out.push(`  ${String(t.index).padStart(6)}  ${f(t.bpb_1)} → ${f(t.bpb_2)} bpb  ${t.excerpt}`);
    };
    texts(`texts where model 1 (${a}) needs more bits per byte:`, d.texts.model1Worse);
    texts(`texts where model 2 (${b}) needs more bits per byte:`, d.texts.model2Worse);
    return out.join("\n") + "\n";
  }

  /** text/plain (the summary), text/html (summary, figure and tables) and image/svg+xml (the figure), for notebooks. */
  toMimeBundle(options: GapFigureOptionsInput = {}): MimeBundle {
    const svg = this.toSVG(options);
    return { "text/plain": this.summary(), "text/html": this.html(svg), "image/svg+xml": svg };
  }

  /** Display the report now: tslab shows it at once; in Deno, `await` it; a script prints the summary. */
  show(options: GapFigureOptionsInput = {}): Promise<void> | undefined {
    return displayBundle(this.toMimeBundle(options));
  }

  /** What Deno's kernel shows for a cell that ends with this report. */
  [JUPYTER_DISPLAY](): MimeBundle {
    return this.toMimeBundle();
  }

  /** What console.log (and so tslab, for a cell's last value) prints: cheap, and never fails. */
  [inspect.custom](): string {
    return `GapReport: ${this.summary()}\n(call .show() to display the figure)`;
  }

  private textCounts(): { model1: number; model2: number; tie: number } {
    const a = this.data.texts.all;
    const c = { model1: 0, model2: 0, tie: 0 };
    for (let i = 0; i < a.index.length; i++) {
      const g = a.bytes[i] > 0 ? a.bits_2[i] - a.bits_1[i] : 0;
      if (g < 0) c.model1++;
      else if (g > 0) c.model2++;
      else c.tie++;
    }
    return c;
  }

  private html(svg: string): string {
    const d = this.data;
    const [n1, n2] = this.models.map((m) => m.name);
    const num = (v: number) => escapeXml(formatValue(v));
    const bucketRows = d.buckets.map((b) => [
      escapeXml(GAP_BUCKET_LABELS[b.bucket]),
      num(b.bytes),
      num(b.bpb_1),
      num(b.bpb_2),
      escapeXml(signed(b.gap_bpb)),
      escapeXml(signed(b.gap)),
      escapeXml(percent(b.share)),
    ]);
    const literalRows = (l: LiteralStats[]) =>
      l.map((x) => [
        `<code>${escapeXml(visibleLiteral(x.literal))}</code>`,
        num(x.occurrences),
        escapeXml(signed(x.gap)),
        num(x.bpb_1),
        num(x.bpb_2),
      ]);
    const textRows = (l: TextStats[]) =>
      l.map((x) => [String(x.index), escapeXml(x.excerpt), num(x.bpb_1), num(x.bpb_2), escapeXml(signed(x.gap_bpb))]);
    const litHead = ["literal", "count", "gap (bits)", "bpb 1", "bpb 2"];
    const textHead = ["text", "start", "bpb 1", "bpb 2", "gap (bpb)"];
    return (
      `<div class="lmdiff-gap-report">` +
      `<p>${escapeXml(this.summary())}</p>` +
      svg +
      htmlTable("By bucket", ["bucket", "bytes", `bpb 1 (${n1})`, `bpb 2 (${n2})`, "gap (bpb)", "gap (bits)", "share of gap"], bucketRows) +
      htmlTable(`Literals where model 1 (${n1}) needs more bits`, litHead, literalRows(d.literals.model1Worse)) +
      htmlTable(`Literals where model 2 (${n2}) needs more bits`, litHead, literalRows(d.literals.model2Worse)) +
      htmlTable(`Texts where model 1 (${n1}) needs more bits per byte`, textHead, textRows(d.texts.model1Worse)) +
      htmlTable(`Texts where model 2 (${n2}) needs more bits per byte`, textHead, textRows(d.texts.model2Worse)) +
      `</div>`
    );
  }

  /** An Arrow table of `rows` with these columns and the report's schema metadata. */
  private arrow<R>(format: string, rows: readonly R[], columns: Column<R>[]): Table {
    const meta = new Map([
      ["lmdiff.format", format],
      ["lmdiff.model_1", this.models[0].name],
      ["lmdiff.model_2", this.models[1].name],
      ["lmdiff.scoring_1", this.scoring[0]],
      ["lmdiff.scoring_2", this.scoring[1]],
      ["lmdiff.texts", String(this.data.nTexts)],
      ["lmdiff.literals_pruned", String(this.data.literals.pruned)],
    ]);
    const fields = columns.map((c) => c.field);
    const schema = new Schema(fields, meta);
    const children = columns.map((c) => c.data(rows));
    return new Table(schema, [new RecordBatch(schema, makeData({ type: new Struct(fields), length: rows.length, children }))]);
  }
}

/** One column of a table: its field, and how to build its data from the rows. */
interface Column<R> {
  field: Field;
  data(rows: readonly R[]): Data;
}

function utf8<R>(name: string, get: (r: R) => string): Column<R> {
  return { field: new Field(name, new Utf8(), false), data: (rows) => vectorFromArray(rows.map(get), new Utf8()).data[0] };
}

function int32<R>(name: string, get: (r: R) => number): Column<R> {
  return {
    field: new Field(name, new Int32(), false),
    data: (rows) => makeData({ type: new Int32(), length: rows.length, data: Int32Array.from(rows, get) }),
  };
}

/** A nullable Float64 column: NaN becomes null, so that it reads as missing in pandas, polars and DuckDB. */
function float64<R>(name: string, get: (r: R) => number): Column<R> {
  return {
    field: new Field(name, new Float64(), true),
    data(rows) {
      const n = rows.length;
      const data = new Float64Array(n);
      const valid = new Uint8Array(Math.ceil(n / 8));
      let nullCount = 0;
      for (let i = 0; i < n; i++) {
        const v = get(rows[i]);
        if (Number.isNaN(v)) nullCount++;
        else {
          data[i] = v;
          valid[i >> 3] |= 1 << (i & 7);
        }
      }
      return makeData({ type: new Float64(), length: n, nullCount, nullBitmap: nullCount > 0 ? valid : undefined, data });
    },
  };
}

/** The GapStats columns, in their table order. */
function statColumns<R extends GapStats>(): Column<R>[] {
  return (["bytes", "chars", "bits_1", "bits_2", "bpb_1", "bpb_2", "gap", "gap_bpb"] as const).map((k) => float64<R>(k, (r) => r[k]));
}

function htmlTable(caption: string, head: string[], rows: string[][]): string {
  const th = head.map((h) => `<th>${escapeXml(h)}</th>`).join("");
  const body =
    rows.length === 0
      ? `<tr><td colspan="${head.length}"><i>none</i></td></tr>`
      : rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("");
  return `<table><caption>${escapeXml(caption)}</caption><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

function signed(v: number): string {
  const s = formatValue(v);
  return v > 0 ? `+${s}` : s;
}

function percent(v: number): string {
  return Number.isFinite(v) ? `${formatValue(Math.round(v * 1000) / 10)}%` : "n/a";
}
