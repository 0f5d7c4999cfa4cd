import * as fs from "node:fs";
import * as path from "node:path";
import { inspect } from "node:util";
import { DataType, type Int32, type Table, type Utf8, type Vector } from "apache-arrow";
import { bin } from "d3-array";
import type { Aggregation } from "../core/aggregate.js";
import { columnName, type CorpusData } from "../core/CorpusData.js";
import { corpusSummary } from "../core/corpusSummary.js";
import { LmdiffError } from "../core/LmdiffError.js";
import { isJointMeasure, jointMeasureMissing, type CorpusMeasure } from "../core/measures.js";
import {
  checkObject,
  DEFAULT_BINS,
  DEFAULT_MAX_CLAMP_RANK,
  DEFAULT_TOP_TEXTS,
  maybeAggregation,
  maybeCorpusMeasure,
  maybeInt,
  maybeOrder,
  type Order,
} from "../core/options.js";
import { topIndices } from "../core/topIndices.js";
import { AnalysisCache, type CacheMeta } from "../engine/AnalysisCache.js";
import { atomicWriteFileSync } from "../engine/atomicWrite.js";
import { alignedNotes } from "../core/alignedNotes.js";
import type { GapReportOptions } from "../core/gapReport.js";
import { cacheAligned } from "../engine/cacheAligned.js";
import { cacheGapDocs } from "../engine/cacheGapDocs.js";
import { cacheInstance, cacheVocabulary } from "../engine/cacheInstance.js";
import { metaVocabulary } from "../engine/metaVocabulary.js";
import { compareCacheFiles, comparisonNotes, comparisonTable, pairFor, type CompareOptions } from "../engine/compareCaches.js";
import { PairCache } from "../engine/PairCache.js";
import { statsDocs } from "../engine/statsDocs.js";
import { pairStatistics, type StatsOptions } from "../core/pairStatistics.js";
import { ComparisonStats } from "./ComparisonStats.js";
import { GapReport } from "./GapReport.js";
import { readProjectConfig } from "../engine/ProjectConfig.js";
import { loadTable, saveTable } from "../engine/saveTable.js";
import type { Vocabulary } from "../engine/Vocabulary.js";
import { figureSVG } from "../export/figureSVG.js";
import type { FigureOptionsInput } from "../export/figureOptions.js";
import type { LaTeXOptionsInput } from "../export/latexOptions.js";
import { svgToPDF } from "../export/svgToPDF.js";
import { svgToPNG, type PNGOptions } from "../export/svgToPNG.js";
import { toLaTeX } from "../export/toLaTeX.js";
import { corpusView } from "../notebook/corpusView.js";
import { JUPYTER_DISPLAY, type NotebookView, type ViewBundle } from "../notebook/NotebookView.js";
import type { ViewWidget } from "../notebook/ViewWidget.js";
import type { CorpusViewOptions, HtmlOptions } from "../notebook/viewOptions.js";
import { InstanceComparison } from "./InstanceComparison.js";
import { splitPNGOptions } from "./splitPNGOptions.js";

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

/** Figure options of a corpus: its global view by default, or with `doc` a view of that text. */
export type CorpusFigureOptions = FigureOptionsInput & { doc?: number };
/** LaTeX options of a corpus: the token strip of text `doc`. */
export type CorpusLaTeXOptions = LaTeXOptionsInput & { doc?: number };

/**
 * The files of a comparison's two caches and pair cache, opened when a
 * token-level view first needs them, and the caches' metadata (read with
 * the table), which the notes need.
 */
export interface CacheFiles {
  files: [string, string];
  pair: string | null;
  meta: [CacheMeta, CacheMeta];
}

/**
 * The comparison of two models over a corpus: the ComparisonResults table
 * (one row per document, an apache-arrow Table) and what the global view
 * needs: top outliers, histograms, and any document's token-level view
 * rebuilt from the two caches without running a model.  It also draws
 * figures for papers and displays in notebooks; each method delegates to
 * the layer that owns the work (engine, export, notebook).
 */
export class CorpusComparison {
  private vocab?: Vocabulary;
  /** Both models' vocabularies, for a comparison of two tokenizers. */
  private vocabs?: [Vocabulary, Vocabulary];
  /**
   * What a reader of the numbers should know about how they were made, one
   * sentence each (without the final full stop); empty when there is
   * nothing to say.  Known only when the two caches are at hand.
   */
  readonly notes: readonly string[];

  /** The two caches, once open (see requireCaches). */
  private caches: [AnalysisCache, AnalysisCache] | null;
  /** The pair cache lined up with the two caches, when the comparison has the joint measures. */
  private pair: { cache: PairCache; swapped: boolean } | null;
  /** The caches' files, when they are opened only once a token-level view needs them. */
  private readonly cacheFiles: CacheFiles | null;

  constructor(
    readonly table: Table,
    caches: [AnalysisCache, AnalysisCache] | CacheFiles | null = null,
    vocabulary?: Vocabulary,
    pair: PairCache | null = null,
  ) {
    this.vocab = vocabulary;
    const aligned = this.aligned ? this.alignedNotes() : [];
    if (caches && !Array.isArray(caches)) {
      this.cacheFiles = caches;
      this.caches = null;
      this.pair = null;
      this.notes = [...comparisonNotes({ meta: caches.meta[0] }, { meta: caches.meta[1] }), ...aligned];
      return;
    }
    this.cacheFiles = null;
    this.caches = caches;
    this.pair = caches ? pairFor(caches[0], caches[1], pair) : null;
    this.notes = [...(caches ? comparisonNotes(caches[0], caches[1]) : []), ...aligned];
  }

  /**
   * Whether the two models have different tokenizers and were compared on
   * the texts' bytes: the table then has bits-per-byte columns and
   * bits_diff, not the token measures.
   */
  get aligned(): boolean {
    return this.table.schema.metadata.get("lmdiff.aligned") === "bytes";
  }

  /** The measure shown and summarised when none is named: prob_diff, or bits_diff for two tokenizers. */
  get defaultMeasure(): CorpusMeasure {
    return this.aligned ? "bits_diff" : "prob_diff";
  }

  /** The notes of a comparison on bytes, from the table's metadata. */
  private alignedNotes(): string[] {
    const md = this.table.schema.metadata;
    const [m1, m2] = this.models;
    const scoring = (w: 1 | 2) => (md.get(`lmdiff.model_${w}_scoring`) === "masked" ? "masked" : "causal");
    return alignedNotes({
      models: [
        { name: m1, spec: m1 },
        { name: m2, spec: m2 },
      ],
      scoring: [scoring(1), scoring(2)],
      approximate: [Number(md.get("lmdiff.approximate_1") ?? 0), Number(md.get("lmdiff.approximate_2") ?? 0)],
    });
  }

  /**
   * Compare two analysis caches (checks that they are comparable first);
   * with their pair cache (opts.pair), the joint measures too.
   */
  static fromCaches(a: AnalysisCache, b: AnalysisCache, opts: CompareOptions = {}, vocabulary?: Vocabulary): CorpusComparison {
    return new CorpusComparison(comparisonTable(a, b, opts), [a, b], vocabulary, opts.pair ?? null);
  }

  /**
   * Compare two analysis cache files, and their pair cache file where
   * given, without holding them in memory: the table is built from the
   * files a chunk of documents at a time (see compareCacheFiles), and the
   * caches are opened only when a token-level view (instance, stats,
   * figures of one text) first needs them.
   */
  static fromCacheFiles(
    a: string,
    b: string,
    opts: { maxClampRank?: number; pair?: string | null } = {},
    vocabulary?: Vocabulary,
  ): CorpusComparison {
    const { table, meta } = compareCacheFiles(a, b, opts);
    return new CorpusComparison(table, { files: [a, b], pair: opts.pair ?? null, meta }, vocabulary);
  }

  /** Whether the joint measures (KL, JS, TV) are columns of this comparison: the two models were scored together. */
  get joint(): boolean {
    return this.table.schema.metadata.get("lmdiff.joint") === "true";
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
    const p = md.get("lmdiff.pair_cache");
    const pair = caches && p && fs.existsSync(p) ? PairCache.open(p) : null;
    return new CorpusComparison(table, caches, undefined, pair);
  }

  /**
   * A comparison that `lmdiff preprocess all` wrote into DIR (no model is
   * loaded): of models m1 and m2 on `dataset` where given, else the one
   * comparison there is (preprocess all writes both orders; the first
   * listed is model 1 → model 2 as given to it).  Its caches, and its pair
   * cache where there is one, are opened with it.
   */
  static fromProject(dir: string, select: { m1?: string; m2?: string; dataset?: string } = {}): CorpusComparison {
    const cfg = readProjectConfig(dir);
    const fits = cfg.comparisons.filter(
      (c) => (!select.m1 || c.m1 === select.m1) && (!select.m2 || c.m2 === select.m2) && (!select.dataset || c.dataset === select.dataset),
    );
    const distinct = new Set(fits.map((c) => `${[c.m1, c.m2].sort().join(" and ")} on ${c.dataset}`));
    if (fits.length === 0)
      throw new LmdiffError(
        `${dir}/lmdiff.json has no comparison${select.m1 || select.m2 || select.dataset ? " of the models and dataset asked for" : ""} (it has: ${cfg.comparisons.map((c) => `${c.m1} → ${c.m2} on ${c.dataset}`).join("; ") || "none"})`,
        "not-found",
        404,
      );
    if (distinct.size > 1)
      throw new LmdiffError(`${dir} holds several comparisons (${[...distinct].join("; ")}); name the models and dataset`, "bad-option");
    const c = fits[0];
    const cache = (model: string) => {
      const entry = cfg.caches.find((x) => x.model === model && x.dataset === c.dataset);
      if (!entry) throw new LmdiffError(`${dir}/lmdiff.json lists no cache of ${model} on ${c.dataset}`, "bad-config");
      return AnalysisCache.open(path.resolve(dir, entry.file));
    };
    const p = (cfg.pairs ?? []).find((x) => x.dataset === c.dataset && [x.m1, x.m2].sort().join() === [c.m1, c.m2].sort().join());
    return new CorpusComparison(
      loadTable(path.resolve(dir, c.file)),
      [cache(c.m1), cache(c.m2)],
      undefined,
      p ? PairCache.open(path.resolve(dir, p.file)) : null,
    );
  }

  get models(): [string, string] {
    const md = this.table.schema.metadata;
    return [md.get("lmdiff.model_1") ?? "model 1", md.get("lmdiff.model_2") ?? "model 2"];
  }

  get dataset(): string {
    return this.table.schema.metadata.get("lmdiff.dataset") ?? "dataset";
  }

  get maxClampRank(): number {
    return Number(this.table.schema.metadata.get("lmdiff.max_clamp_rank") ?? DEFAULT_MAX_CLAMP_RANK);
  }

  get length(): number {
    return this.table.numRows;
  }

  /** The per-document values of measure × aggregation. */
  values(measure: CorpusMeasure, agg: Aggregation = "mean"): Float64Array {
    const m = maybeCorpusMeasure(measure);
    const name = columnName(m, maybeAggregation(agg));
    const col = this.table.getChild(name);
    if (!col && this.aligned && m !== "bits_diff")
      throw new LmdiffError(
        `${m} needs the two models to share a tokenizer; ${this.models[0]} and ${this.models[1]} do not, so they are compared on bytes: use bits_diff (or the bits_per_byte_1 and bits_per_byte_2 columns)`,
        "bad-option",
      );
    if (!col && !this.aligned && m === "bits_diff")
      throw new LmdiffError(
        `bits_diff is a measure of models with different tokenizers; ${this.models[0]} and ${this.models[1]} share one: use a token measure`,
        "bad-option",
      );
    if (!col && isJointMeasure(m)) throw jointMeasureMissing(m);
    if (!col) throw new LmdiffError(`the results table has no column ${name}`, "bad-file");
    return col.toArray() as Float64Array;
  }

  /** The k documents with the most extreme values (by |value| unless order says otherwise). */
  top(measure: CorpusMeasure, opts: { agg?: Aggregation; k?: number; order?: Order } = {}): TopRow[] {
    const v = this.values(measure, opts.agg ?? "mean");
    const k = maybeInt("k", opts.k, DEFAULT_TOP_TEXTS, 1);
    const idx = topIndices(v, k, maybeOrder(opts.order));
    // Columns that every results table has, without nulls (text read back from CSV is
    // dictionary-encoded, which reads as the same strings).
    const text = this.table.getChild("text") as Vector<Utf8>;
    const nTok = this.table.getChild("n_tokens") as Vector<Int32>;
    const index = this.table.getChild("index") as Vector<Int32>;
    return Array.from(idx, (i) => ({ index: index.get(i)!, text: text.get(i)!, n_tokens: nTok.get(i)!, value: v[i] }));
  }

  /** Histogram of measure × aggregation over the corpus (NaN values left out). */
  histogram(measure: CorpusMeasure, opts: { agg?: Aggregation; bins?: number } = {}): HistogramBin[] {
    const v = Array.from(this.values(measure, opts.agg ?? "mean")).filter((x) => !Number.isNaN(x));
    const bins = bin().thresholds(maybeInt("bins", opts.bins, DEFAULT_BINS, 1, 10_000))(v);
    return bins.map((b) => ({ x0: b.x0!, x1: b.x1!, count: b.length }));
  }

  /** Rows as plain objects. */
  toArray(): Record<string, unknown>[] {
    return this.table.toArray().map((r) => ({ ...(r as object) }));
  }

  /** The comparison of document i, from the caches (no model runs): token by token, or on bytes for two tokenizers. */
  instance(i: number): InstanceComparison {
    const [a, b] = this.requireCaches();
    if (this.aligned) {
      this.vocabs ??= [this.vocabulary(), metaVocabulary(b.meta)];
      return new InstanceComparison(cacheAligned(a, b, i, this.vocabs));
    }
    return new InstanceComparison(cacheInstance(a, b, i, this.vocabulary(), this.maxClampRank, this.pair));
  }

  /**
   * Statistics researchers can report (see pairStatistics): mean KL (with
   * the joint measures) and its percentiles, Δp, same top-1, ln(PPL₂/PPL₁)
   * with its paired error, intervals from a bootstrap over texts (seeded,
   * 1,000 resamples by default: tokens within a text are correlated), per
   * text the interval of the mean log-probability difference, and
   * McNemar's test on top-1 correctness.  Needs the two caches.
   */
  stats(opts: StatsOptions = {}): ComparisonStats {
    if (this.aligned)
      throw new LmdiffError(
        `stats() compares the two models token by token, and ${this.models[0]} and ${this.models[1]} have different tokenizers; the table's bits_per_byte_1 and bits_per_byte_2 columns compare them per text, and gapReport() says where they differ`,
        "bad-option",
      );
    const [a, b] = this.requireCaches();
    return new ComparisonStats(pairStatistics(this.models, statsDocs(a, b, this.pair), opts));
  }

  /**
   * Where the bits-per-byte gap between two models of different tokenizers
   * lies over the corpus (see GapReport): per bucket of characters (words,
   * whitespace, punctuation, digits, non-ASCII, URLs), the literals and the
   * texts where each model is worse.  Reads the two caches (no model runs).
   */
  gapReport(opts: GapReportOptions = {}): GapReport {
    if (!this.aligned)
      throw new LmdiffError(
        `the gap report compares models of different tokenizers on bytes; ${this.models[0]} and ${this.models[1]} share one: compare them token by token (stats(), the global view)`,
        "bad-option",
      );
    const [a, b] = this.requireCaches();
    this.vocabs ??= [this.vocabulary(), metaVocabulary(b.meta)];
    return GapReport.fromDocs(
      cacheGapDocs(a, b, this.vocabs),
      [
        { name: a.meta.modelName, spec: a.meta.model },
        { name: b.meta.modelName, spec: b.meta.model },
      ],
      { ...opts, scoring: [a.meta.modelKind, b.meta.modelKind] },
    );
  }

  /** The shared vocabulary, read from model 1's tokenizer.json when not given. */
  vocabulary(): Vocabulary {
    this.vocab ??= cacheVocabulary(this.requireCaches()[0]);
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
      // Per-text values are the Float64 columns (a comparison of two tokenizers also has n_tokens_2 and bytes, counts).
      if (f.name !== "index" && f.name !== "text" && f.name !== "n_tokens" && DataType.isFloat(f.type))
        values[f.name] = this.table.getChild(f.name)!.toArray() as Float64Array;
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
  summary(measure?: CorpusMeasure, agg: Aggregation = "mean", opts: { notes?: boolean } = {}): string {
    measure ??= this.defaultMeasure;
    const values = this.values(measure, agg);
    return corpusSummary({
      models: this.models,
      dataset: this.dataset,
      values,
      measure,
      agg,
      notes: opts.notes === false ? [] : this.notes,
    });
  }

  // Figures for papers: the global view by default; `doc` draws a view of
  // that text (through instance(doc)).  Files are written atomically, so a
  // reader never sees half a figure.

  /** The global view (or, with doc, a view of that text) as a standalone SVG figure. */
  toSVG(options: CorpusFigureOptions = {}): string {
    checkObject("figure", options);
    const { doc, ...figure } = options;
    if (doc === undefined) {
      if (figure.view !== undefined && figure.view !== "global")
        throw new LmdiffError(
          `the ${typeof figure.view === "string" ? figure.view : JSON.stringify(figure.view)} view shows one text; pass doc (a document index, 0 to ${this.length - 1})`,
          "bad-option",
        );
      return figureSVG(this.toCorpusData(), { ...figure, measure: figure.measure ?? this.defaultMeasure });
    }
    return figureSVG(this.instance(this.docIndex(doc)).data, figure);
  }

  /** Write the figure as PNG (scale: pixels per point, default 2; or dpi). */
  savePNG(file: string, options: CorpusFigureOptions & PNGOptions = {}): void {
    const [figure, png] = splitPNGOptions(options);
    atomicWriteFileSync(file, svgToPNG(this.toSVG(figure), png));
  }

  /** Write the figure as a one-page PDF of its size, fonts embedded. */
  async savePDF(file: string, options: CorpusFigureOptions = {}): Promise<void> {
    atomicWriteFileSync(file, await svgToPDF(this.toSVG(options)));
  }

  /** The token strip of text `doc` as LaTeX. */
  toLaTeX(options: CorpusLaTeXOptions = {}): string {
    checkObject("figure", options);
    const { doc, ...latex } = options;
    if (doc === undefined) throw new LmdiffError(`toLaTeX of a corpus needs doc (a document index, 0 to ${this.length - 1})`, "bad-option");
    return toLaTeX(this.instance(this.docIndex(doc)).data, latex);
  }

  // Notebook display.

  /** The notebook view: global view and outliers, with `selected` a text below it. */
  view(options?: CorpusViewOptions): NotebookView {
    return corpusView(
      { data: this.toCorpusData(), notes: this.notes, instance: (row) => this.instance(row).data },
      { ...options, measure: options?.measure ?? this.defaultMeasure },
    );
  }

  /** text/html (the live view with its static picture) and text/plain. */
  /**
   * The view as a Jupyter widget the kernel can update on screen: `const w
   * = results.widget(); await w.show(); w.measure = "rank_diff"` (Deno's
   * kernel with JupyterLab's widget manager; tslab has no comms).
   */
  widget(options?: CorpusViewOptions): ViewWidget {
    return this.view(options).toWidget();
  }

  toMimeBundle(options?: CorpusViewOptions): ViewBundle {
    return this.view(options).toMimeBundle();
  }

  /** The view's HTML; with `standalone: true` a whole page that opens offline. */
  toHTML(options?: CorpusViewOptions & HtmlOptions): string {
    const { standalone, title, ...view } = options ?? {};
    return this.view(view).toHTML({ standalone, title });
  }

  /** Display the view now: tslab shows it at once; in Deno, `await` it; a script prints the summary. */
  show(options?: CorpusViewOptions): Promise<void> | undefined {
    return this.view(options).show();
  }

  /** What Deno's kernel shows for a cell that ends with this comparison. */
  [JUPYTER_DISPLAY](): ViewBundle {
    return this.view().toMimeBundle();
  }

  /** What console.log (and so tslab, for a cell's last value) prints: cheap, and never fails (no token data is encoded). */
  [inspect.custom](): string {
    return `CorpusComparison: ${this.summary()}\n(call .show() to display the view)`;
  }

  private requireCaches(): [AnalysisCache, AnalysisCache] {
    if (!this.caches && this.cacheFiles) {
      const { files, pair } = this.cacheFiles;
      const caches: [AnalysisCache, AnalysisCache] = [AnalysisCache.open(files[0]), AnalysisCache.open(files[1])];
      this.pair = pairFor(caches[0], caches[1], pair ? PairCache.open(pair) : null);
      this.caches = caches;
    }
    if (!this.caches)
      throw new LmdiffError("this results table was loaded without its caches; token-level views need both cache files", "no-caches");
    return this.caches;
  }

  /** A document index of this corpus, checked. */
  private docIndex(doc: unknown): number {
    return maybeInt("doc", doc, 0, 0, this.length - 1);
  }
}
