import * as fs from "node:fs";
import * as path from "node:path";
import type { Table } from "apache-arrow";
import { bin } from "d3-array";
import type { Aggregation } from "../core/aggregate.js";
import { columnName, type CorpusData } from "../core/CorpusData.js";
import { LmdiffError } from "../core/LmdiffError.js";
import { MEASURE_INFO, type DiffMeasure } from "../core/measures.js";
import { maybeAggregation, maybeDiffMeasure, maybeInt, maybeOrder, type Order } from "../core/options.js";
import { topIndices } from "../core/topIndices.js";
import { AnalysisCache } from "./AnalysisCache.js";
import { buildInstance } from "./buildInstance.js";
import { comparisonTable, type CompareOptions } from "./compareCaches.js";
import { InstanceComparison } from "./InstanceComparison.js";
import { loadTable, saveTable } from "./saveTable.js";
import { Vocabulary } from "./Vocabulary.js";

export interface TopRow {
  index: number;
  text: string;
  n_tokens: number;
  value: number;
}

export interface HistogramBin {
  x0: number;
  x1: number;
  count: number;
}

/**
 * The comparison of two models over a corpus: the ComparisonResults table
 * (one row per document, an apache-arrow Table) and what the global view
 * needs: top outliers, histograms, and any document's token-level view
 * rebuilt from the two caches without running a model.
 */
export class CorpusComparison {
  private vocab?: Vocabulary;
  /**
   * What a reader of the numbers should know about how they were made, one
   * sentence each (without the final full stop); empty when there is
   * nothing to say.  Known only when the two caches are at hand.
   */
  readonly notes: readonly string[];

  constructor(
    readonly table: Table,
    private readonly caches: [AnalysisCache, AnalysisCache] | null,
    vocabulary?: Vocabulary,
  ) {
    this.vocab = vocabulary;
    this.notes = caches ? comparisonNotes(caches[0], caches[1]) : [];
  }

  /** Compare two analysis caches (checks that they are comparable first). */
  static fromCaches(a: AnalysisCache, b: AnalysisCache, opts: CompareOptions = {}, vocabulary?: Vocabulary): CorpusComparison {
    return new CorpusComparison(comparisonTable(a, b, opts), [a, b], vocabulary);
  }

  /**
   * Read a saved ComparisonResults table (.arrow or .parquet).  If the two
   * caches it names still exist, instance() works too.
   */
  static load(file: string): CorpusComparison {
    const table = loadTable(file);
    const md = table.schema.metadata;
    const c1 = md.get("lmdiff.cache_1");
    const c2 = md.get("lmdiff.cache_2");
    const caches: [AnalysisCache, AnalysisCache] | null =
      c1 && c2 && fs.existsSync(c1) && fs.existsSync(c2) ? [AnalysisCache.open(c1), AnalysisCache.open(c2)] : null;
    return new CorpusComparison(table, caches);
  }

  get models(): [string, string] {
    const md = this.table.schema.metadata;
    return [md.get("lmdiff.model_1") ?? "model 1", md.get("lmdiff.model_2") ?? "model 2"];
  }

  get dataset(): string {
    return this.table.schema.metadata.get("lmdiff.dataset") ?? "dataset";
  }

  get maxClampRank(): number {
    return Number(this.table.schema.metadata.get("lmdiff.max_clamp_rank") ?? 50);
  }

  get length(): number {
    return this.table.numRows;
  }

  /** The per-document values of measure × aggregation. */
  values(measure: DiffMeasure, agg: Aggregation = "mean"): Float64Array {
    const name = columnName(maybeDiffMeasure(measure), maybeAggregation(agg));
    const col = this.table.getChild(name);
    if (!col) throw new LmdiffError(`the results table has no column ${name}`, "bad-file");
    return col.toArray() as Float64Array;
  }

  /** The k documents with the most extreme values (by |value| unless order says otherwise). */
  top(measure: DiffMeasure, opts: { agg?: Aggregation; k?: number; order?: Order } = {}): TopRow[] {
    const v = this.values(measure, opts.agg ?? "mean");
    const k = maybeInt("k", opts.k, 50, 1);
    const idx = topIndices(v, k, maybeOrder(opts.order));
    const text = this.table.getChild("text")!;
    const nTok = this.table.getChild("n_tokens")!;
    const index = this.table.getChild("index")!;
    return Array.from(idx, (i) => ({ index: index.get(i), text: text.get(i), n_tokens: nTok.get(i), value: v[i] }));
  }

  /** Histogram of measure × aggregation over the corpus (NaN values left out). */
  histogram(measure: DiffMeasure, opts: { agg?: Aggregation; bins?: number } = {}): HistogramBin[] {
    const v = Array.from(this.values(measure, opts.agg ?? "mean")).filter((x) => !Number.isNaN(x));
    const bins = bin().thresholds(maybeInt("bins", opts.bins, 40, 1, 10_000))(v);
    return bins.map((b) => ({ x0: b.x0!, x1: b.x1!, count: b.length }));
  }

  /** Rows as plain objects. */
  toArray(): Record<string, unknown>[] {
    return this.table.toArray().map((r) => ({ ...(r as object) }));
  }

  /** The token-level comparison of document i, from the caches (no model runs). */
  instance(i: number): InstanceComparison {
    if (!this.caches)
      throw new LmdiffError("this results table was loaded without its caches; token-level views need both cache files", "no-caches");
    const [a, b] = this.caches;
    const da = a.docScores(i);
    const db = b.docScores(i);
    return new InstanceComparison(
      buildInstance({
        index: i,
        text: a.text(i),
        ids: da.ids,
        m1: da.scores,
        m2: db.scores,
        k1: a.meta.topK,
        k2: b.meta.topK,
        models: [
          { name: a.meta.modelName, spec: a.meta.model },
          { name: b.meta.modelName, spec: b.meta.model },
        ],
        vocabulary: this.vocabulary(),
        maxClampRank: this.maxClampRank,
      }),
    );
  }

  /** The shared vocabulary, read from model 1's tokenizer.json when not given. */
  vocabulary(): Vocabulary {
    if (this.vocab) return this.vocab;
    const dir = this.caches?.[0].meta.modelDir ?? "";
    const file = path.join(dir, "tokenizer.json");
    if (!fs.existsSync(file))
      throw new LmdiffError(`the tokenizer of ${this.models[0]} is not at ${file} any more; token text needs it`, "not-found", 404);
    this.vocab = new Vocabulary(JSON.parse(fs.readFileSync(file, "utf8")));
    return this.vocab;
  }

  /** Save the results table: .arrow, .parquet or .csv (by extension or format). */
  save(file: string, format?: "arrow" | "parquet" | "csv"): void {
    saveTable(this.table, file, format);
  }

  /** What the global view needs, as plain columns. */
  toCorpusData(): CorpusData {
    const values: Record<string, Float64Array> = {};
    for (const f of this.table.schema.fields) {
      if (f.name !== "index" && f.name !== "text" && f.name !== "n_tokens") values[f.name] = this.table.getChild(f.name)!.toArray() as Float64Array;
    }
    const [m1, m2] = this.models;
    const md = this.table.schema.metadata;
    return {
      models: [
        { name: m1, spec: md.get("lmdiff.model_1_spec") ?? m1 },
        { name: m2, spec: md.get("lmdiff.model_2_spec") ?? m2 },
      ],
      dataset: this.dataset,
      index: this.table.getChild("index")!.toArray() as Int32Array,
      text: Array.from(this.table.getChild("text")!.toArray() as ArrayLike<string>),
      nTokens: this.table.getChild("n_tokens")!.toArray() as Int32Array,
      values,
    };
  }

  /**
   * A one-paragraph summary: models, corpus size, the measure's mean and who
   * wins more documents, followed by the notes unless `notes: false` (the
   * CLI prints those on stderr instead, where --quiet can silence them).
   */
  summary(measure: DiffMeasure = "prob_diff", agg: Aggregation = "mean", opts: { notes?: boolean } = {}): string {
    const v = this.values(measure, agg);
    let sum = 0;
    let n = 0;
    let pos = 0;
    let neg = 0;
    for (const x of v) {
      if (Number.isNaN(x)) continue;
      sum += x;
      n++;
      if (x > 0) pos++;
      else if (x < 0) neg++;
    }
    const [m1, m2] = this.models;
    const info = MEASURE_INFO[measure];
    const m1wins = info.model1BetterWhen === "positive" ? pos : neg;
    const m2wins = info.model1BetterWhen === "positive" ? neg : pos;
    return (
      `lmdiff: ${m1} (model 1) vs ${m2} (model 2) on ${this.dataset}, ${this.length} texts. ` +
      `${agg} ${info.label} per text: average ${(sum / Math.max(1, n)).toFixed(4)}` +
      (info.model1BetterWhen === "none" ? "." : `; model 1 does better on ${m1wins} texts, model 2 on ${m2wins}.`) +
      (opts.notes === false ? "" : this.notes.map((n) => ` Note: ${n}.`).join(""))
    );
  }
}

/**
 * Notes on a comparison of two caches.  Caches recorded with different
 * top-k sizes are compared at the smaller k: each list is sorted by
 * probability, so its first min(k₁, k₂) entries are exactly that model's
 * top-min(k) list, and topk_diff (k − |top-k₁ ∩ top-k₂|) is only meaningful
 * with the same k on both sides.  The comparison is right either way; the
 * note says why topk_diff is bounded by the smaller k.
 */
function comparisonNotes(a: AnalysisCache, b: AnalysisCache): string[] {
  const [k1, k2] = [a.meta.topK, b.meta.topK];
  if (k1 === k2) return [];
  return [`top-k lists compared at k = ${Math.min(k1, k2)} (model 1 recorded ${k1}, model 2 recorded ${k2})`];
}
