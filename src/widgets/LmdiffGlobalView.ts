import { html, LitElement, nothing, type PropertyValues } from "lit";
import { property, state } from "lit/decorators.js";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import { AGGREGATIONS, type Aggregation } from "../core/aggregate.js";
import { columnName, type CorpusData } from "../core/CorpusData.js";
import { isLmdiffError } from "../core/LmdiffError.js";
import { MEASURE_INFO, type CorpusMeasure, type Measure } from "../core/measures.js";
import { maybeAggregation, maybeCorpusMeasure, maybeOrder, type Order } from "../core/options.js";
import { topIndices } from "../core/topIndices.js";
import { betterLists, type BetterLists } from "../render/betterLists.js";
import type { ColorScale } from "../render/colorScale.js";
import { corpusMeasures } from "../render/corpusMeasures.js";
import { corpusSignificance, type CorpusSignificance } from "../render/corpusSignificance.js";
import { corpusValues } from "../render/corpusValues.js";
import { formatValue } from "../render/formatValue.js";
import { globalHistogramFigure, globalHistogramLayout, globalHistogramScale, globalHistogramValueAt } from "../render/globalHistogram.js";
import { klScatterFigure, klScatterLayout, klScatterRowAt, type KlScatterLayout } from "../render/klScatter.js";
import { palette } from "../render/palette.js";
import { maybeRankBy, renderOptions, type PaletteName, type RankBy, type RenderOptions } from "../render/renderOptions.js";
import { significanceOrder } from "../render/significanceOrder.js";
import { legendFigure } from "../render/legend.js";
import { svgRoot } from "../render/svg.js";
import { visibleText } from "../render/tokenLayout.js";
import { define } from "./define.js";
import { MeasureChangeEvent, RangeSelectEvent, SelectDocumentEvent } from "./events.js";
import "./LmdiffDownload.js";
import type { DownloadChoice } from "./LmdiffDownload.js";
import { globalViewStyles } from "./globalViewStyles.js";
import { measureOptions } from "./measureOptions.js";
import { theme } from "./theme.js";
import { WidthController } from "./WidthController.js";

/** How many texts the list shows (each of the two lists, when there are two). */
export const LIST_SIZE = 50;
/**
 * From this width on the KL scatter sits beside the histogram, as tall as
 * it, rather than under the lists: a wide view has room to spare, and what
 * follows the global view (the app's instance view) stays where it was.
 */
export const SCATTER_BESIDE = 960;
/** Between the histogram and the scatter beside it. */
const COLUMN_GAP = 16;
/** Height of the KL scatter's plotting area under the lists, and beside the histogram (the histogram's). */
const SCATTER_HEIGHT = 200;
const HIST_HEIGHT = 120;
/** The line shown instead of the scatter for a comparison without the pair measures. */
export const SCATTER_NEEDS_JOINT = "The KL scatter needs a joint run of the two models (lmdiff preprocess all writes a pair cache).";
/** The same line for two models of different tokenizers, which have no KL: their vocabularies differ. */
export const SCATTER_NEEDS_ONE_TOKENIZER =
  "No KL scatter: the two models have different tokenizers, so their distributions are over different vocabularies (they are compared on bytes).";
/** The figure the download buttons offer. */
const GLOBAL_FIGURES: readonly DownloadChoice[] = [{ view: "global", label: "histogram" }];

/**
 * The LMdiff global view: the corpus-wide histogram of a per-text
 * aggregate with outlier stripes, and the texts worth a look.  With the
 * significance columns of logprob_diff (standard error and q-value), the
 * texts come in two lists, those model 1 does better on and those model 2
 * does, each ranked as `rankBy` says; without them, in one list of the most
 * extreme values.  A joint run adds the scatter of each text's mean KL
 * against its mean log-probability difference.  Dragging over the
 * histogram brushes a value range and the search box a substring; both
 * filter the lists.
 *
 * @fires lmdiff-select-document - a text of a list, or a point of the scatter, was chosen
 * @fires lmdiff-measure-change - the measure picker changed
 * @fires lmdiff-download - the histogram figure was made for download
 */
export class LmdiffGlobalView extends LitElement {
  static override styles = [theme, globalViewStyles];

  /** The corpus comparison. */
  @property({ attribute: false }) data?: CorpusData;
  /** Measure of the histogram and the lists: a difference measure, or a pair measure when the corpus has its columns. */
  @property() measure: CorpusMeasure = "prob_diff";
  /** Per-text aggregation. */
  @property() agg: Aggregation = "mean";
  /** Which extremes to list: "abs" (both signs), "desc" or "asc". */
  @property() order: Order = "abs";
  /** Colour palette. */
  @property() palette: PaletteName = "rdbu";
  /**
   * How the lists rank texts: "significance" (the default: by the q-value
   * of the text's mean log-probability difference, then |mean / SE|) or
   * "raw" (by the aggregate, as `order` says).  Data without the
   * significance columns is ranked raw, and the view says so.
   */
  @property() rankBy: RankBy = "significance";

  /** Brushed value range, or null. */
  @state() brush: [number, number] | null = null;
  /** Search substring (case-insensitive). */
  @state() search = "";

  private widthCtl = new WidthController(this);
  private o?: RenderOptions;
  private values: Float64Array = new Float64Array(0);
  private scale?: ColorScale;
  private dragFrom: number | null = null;
  private lowerText?: string[];
  private figOpts?: { measure: Measure; agg: Aggregation; order: Order; palette: PaletteName; outliers: number };
  /** The significance columns, or null for a comparison without them. */
  private sig: CorpusSignificance | null = null;
  /** significanceOrder(sig), made when first needed: it depends only on the corpus. */
  private ranked?: Int32Array;
  /** The measures the picker offers: those the corpus has columns of. */
  private available: readonly CorpusMeasure[] = [];
  /** Why the measure cannot be shown (the corpus lacks its columns), or "". */
  private unavailable = "";
  /** Whether the scatter sits beside the histogram (see SCATTER_BESIDE). */
  private beside = false;
  /** The scatter, drawn once per corpus, width and palette; null without kl_mean. */
  private scatter: { key: string; layout: KlScatterLayout; svg: string } | null = null;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.data) return;
    if (changed.has("data")) {
      this.lowerText = undefined;
      this.brush = null;
      this.sig = corpusSignificance(this.data);
      this.ranked = undefined;
    }
    let measure = maybeCorpusMeasure(this.measure);
    // Two tokenizers: the corpus has bits_diff only, which any token measure (the default prob_diff included) shows instead.
    if (measure !== "bits_diff" && this.data.values[columnName("bits_diff", "mean")] !== undefined) measure = "bits_diff";
    const agg = maybeAggregation(this.agg);
    if (changed.has("measure") || changed.has("agg")) this.brush = null;
    const full = this.widthCtl.width - 2;
    // Beside the scatter, the histogram takes the left column.
    this.beside = full >= SCATTER_BESIDE && this.data.values.kl_mean !== undefined;
    const o = renderOptions({
      measure,
      agg,
      order: maybeOrder(this.order),
      rankBy: maybeRankBy(this.rankBy),
      width: this.beside ? Math.floor((full - COLUMN_GAP) / 2) : full,
      palette: this.palette,
      brush: this.brush,
      plotHeight: HIST_HEIGHT,
      bins: 50,
      outliers: 10,
    });
    if (changed.has("data") || changed.has("agg")) this.available = corpusMeasures(this.data, agg);
    if (!this.o || this.o.measure !== o.measure || this.o.agg !== o.agg || changed.has("data") || this.unavailable) {
      try {
        this.values = corpusValues(this.data, o);
        this.scale = globalHistogramScale(this.values, o);
        this.unavailable = "";
      } catch (e) {
        // A measure the corpus has no column of (a joint one of a comparison from two caches): say so, keep the picker.
        if (!isLmdiffError(e)) throw e;
        this.unavailable = e.message;
      }
    }
    this.o = o;
    this.updateScatter(o, full, changed.has("data"));
  }

  /** The scatter's layout and SVG, redrawn only when the corpus, the width or the palette changed. */
  private updateScatter(o: RenderOptions, full: number, newData: boolean): void {
    const d = this.data!;
    if (!d.values.kl_mean) {
      this.scatter = null;
      return;
    }
    const width = this.beside ? full - o.width - COLUMN_GAP : full;
    const key = `${width}/${o.palette}`;
    if (this.scatter?.key === key && !newData) return;
    const so = { ...o, width, plotHeight: this.beside ? HIST_HEIGHT : SCATTER_HEIGHT };
    const layout = klScatterLayout(d, so);
    this.scatter = { key, layout, svg: svgRoot(klScatterFigure(d, so, layout)) };
  }

  /** Whether row i passes the brush and the search; null when neither is set. */
  private filter(): ((i: number) => boolean) | null {
    const q = this.search.trim().toLowerCase();
    const b = this.brush;
    if (!q && !b) return null;
    if (q && !this.lowerText) this.lowerText = this.data!.text.map((t) => t.toLowerCase());
    const lower = this.lowerText;
    return (i) => {
      const v = this.values[i];
      return (!b || (v >= b[0] && v <= b[1])) && (!q || lower![i].includes(q));
    };
  }

  /** Row indices the single list shows: the most extreme among texts passing the brush and the search. */
  visibleRows(): Int32Array {
    const o = this.o!;
    const keep = this.filter();
    if (!keep) return topIndices(this.values, LIST_SIZE, o.order);
    const rows: number[] = [];
    for (let i = 0; i < this.values.length; i++) if (keep(i)) rows.push(i);
    const sub = Float64Array.from(rows, (i) => this.values[i]);
    return Int32Array.from(topIndices(sub, LIST_SIZE, o.order), (j) => rows[j]);
  }

  /**
   * The two lists, texts model 1 and model 2 do better on, among those
   * passing the brush and the search, ranked as rankBy says; null for a
   * corpus without the significance columns (the view shows visibleRows).
   */
  visibleLists(): BetterLists | null {
    const sig = this.sig;
    if (!sig) return null;
    const o = this.o!;
    if (o.rankBy === "significance") this.ranked ??= significanceOrder(sig);
    return betterLists(this.values, sig, {
      rankBy: o.rankBy,
      order: o.order,
      size: LIST_SIZE,
      keep: this.filter() ?? undefined,
      ranked: this.ranked,
    });
  }

  override render() {
    const d = this.data;
    if (!d || !this.o) return html`<p class="muted">No corpus to show.</p>`;
    const o = this.o;
    if (this.unavailable)
      return html`<div class="bar">${this.pickers(o)}</div>
        <p class="error" role="alert">${this.unavailable}</p>`;
    const hist = svgRoot(globalHistogramFigure(d, o, this.values));
    const label = MEASURE_INFO[o.measure].label;
    const lists = this.visibleLists();
    return html`<div class="bar">
        ${this.pickers(o)}
        <input
          class="search"
          type="search"
          placeholder="search texts"
          aria-label="Search texts"
          .value=${this.search}
          @input=${this.onSearch}
        />
        ${
          this.brush
            ? html`<button
                class="clear-brush"
                @click=${() => {
                  this.brush = null;
                  this.announceRange();
                }}
              >
                clear range ${formatValue(this.brush[0])} … ${formatValue(this.brush[1])}
              </button>`
            : html`<span class="muted" title="Drag over the histogram to filter the texts by value">drag to filter</span>`
        }
        <lmdiff-download .data=${d} .options=${this.figureOptions()} .choices=${GLOBAL_FIGURES}></lmdiff-download>
      </div>
      <div class="top ${this.beside ? "beside" : ""}">
        <div>
          <div class="legend">${unsafeHTML(svgRoot(legendFigure(o.measure, d.models, this.scale!, o.width)))}</div>
          <div
            class="hist"
            role="img"
            aria-label="Histogram of the ${o.agg} ${label} per text, ${d.text.length} texts"
            @pointerdown=${this.onDown}
            @pointermove=${this.onMove}
            @pointerup=${this.onUp}
            @pointercancel=${this.onUp}
          >
            ${unsafeHTML(hist)}
          </div>
        </div>
        ${this.beside ? this.scatterPart() : nothing}
      </div>
      ${lists ? this.twoLists(lists) : this.oneList()} ${this.beside ? nothing : this.scatterPart()}`;
  }

  /** The KL scatter, or the line saying why there is none. */
  private scatterPart() {
    return this.scatter
      ? html`<div
          class="scatter"
          role="img"
          aria-label="KL scatter of the texts; click a point to open its text"
          @click=${this.onScatterClick}
        >
          ${unsafeHTML(this.scatter.svg)}
        </div>`
      : html`<p class="muted scatter-note">
          ${this.data?.values[columnName("bits_diff", "mean")] !== undefined ? SCATTER_NEEDS_ONE_TOKENIZER : SCATTER_NEEDS_JOINT}
        </p>`;
  }

  /** The measure and aggregation pickers, and the ranking's where the corpus has significance columns (else the ranking line says why). */
  private pickers(o: RenderOptions) {
    return html`<label
        >measure
        <select class="measure" aria-label="Measure" @change=${this.onMeasure}>
          ${measureOptions(this.available, o.measure)}
        </select>
      </label>
      <label
        >per text
        <select class="agg" aria-label="Aggregation" @change=${this.onAgg}>
          ${AGGREGATIONS.map((a) => html`<option value=${a} ?selected=${a === o.agg}>${a.replace("_", " ")}</option>`)}
        </select>
      </label>
      ${
        this.sig
          ? html`<label
              >rank by
              <select class="rank-by" aria-label="Rank texts by" @change=${this.onRankBy}>
                <option value="significance" ?selected=${o.rankBy === "significance"}>significance</option>
                <option value="raw" ?selected=${o.rankBy === "raw"}>value</option>
              </select>
            </label>`
          : nothing
      }`;
  }

  /** How the lists are ordered, in words, with the fallback said when significance was asked of data without it. */
  private rankingWords(): string {
    const o = this.o!;
    const byValue = `by ${o.agg.replace("_", " ")} ${MEASURE_INFO[o.measure].label}, ${ORDER_WORDS[o.order]}`;
    if (o.rankBy === "raw") return byValue;
    if (this.sig) return "by significance (q-value, then |mean / SE|)";
    return `${byValue} (no significance columns in this data)`;
  }

  /** The single list of a corpus without significance columns: the most extreme values. */
  private oneList() {
    const rows = this.visibleRows();
    return html`<div class="muted ranking">
        ${rows.length} ${rows.length === LIST_SIZE ? "most extreme" : ""} texts${this.brush || this.search ? " (filtered)" : ""},
        ${this.rankingWords()}
      </div>
      <ol class="list" aria-label="Most extreme texts">
        ${Array.from(rows, (i) => this.row(i, false))}
      </ol>`;
  }

  /**
   * The texts model 1 does better on beside those model 2 does (by the sign
   * of the mean log-probability difference), each best first; the heading
   * says how they are ranked, with what the ranking means in its tooltip.
   */
  private twoLists(lists: BetterLists) {
    const d = this.data!;
    const pal = palette(this.o!.palette);
    const filtered = this.brush || this.search ? ", filtered" : "";
    const list = (side: 1 | 2, rows: Int32Array) =>
      html`<section class="side side${side}">
        <h3 title=${this.rankingWords()}>
          <span class="chip" style="background:${side === 1 ? pal.model1 : pal.model2}"></span>model ${side} (${d.models[side - 1].name})
          better
          <span class="muted ranking"
            >· ${rows.length}${rows.length === LIST_SIZE ? "+" : ""} texts${filtered}, ${RANK_WORDS[this.o!.rankBy]}</span
          >
        </h3>
        <ol class="list" aria-label="Texts model ${side} does better on">
          ${rows.length ? Array.from(rows, (i) => this.row(i, true)) : html`<li class="muted empty">none</li>`}
        </ol>
      </section>`;
    return html`<div class="lists">${list(1, lists.model1)} ${list(2, lists.model2)}</div>`;
  }

  /** One text of a list: its colour and value, its q-value when `q`, its index and its text on one line. */
  private row(i: number, q: boolean) {
    const d = this.data!;
    const v = this.values[i];
    const label = MEASURE_INFO[this.o!.measure].label;
    // One line per text, control characters visible (a raw BEL or ESC draws as a missing-glyph box).
    const t = visibleText(d.text[i].replace(/[\t\n\r ]+/g, " "));
    const qv = q ? this.sig!.q[i] : NaN;
    return html`<li>
      <button
        class="doc"
        data-doc=${d.index[i]}
        @click=${() => this.dispatchEvent(new SelectDocumentEvent(d.index[i]))}
        aria-label="text ${d.index[i]}, ${label} ${formatValue(v)}${q ? `, q-value ${formatQ(qv)}` : ""}"
      >
        <span class="mark" style="background:${this.scale!.color(v)}"></span>
        <span class="value">${formatValue(v)}</span>
        ${q ? html`<span class="value q">q ${formatQ(qv)}</span>` : nothing}
        <span class="muted">#${d.index[i]}</span>
        <span class="text">${t.length > 200 ? t.slice(0, 200) + "…" : t}</span>
      </button>
    </li>`;
  }

  /**
   * The options the download buttons pass to figureSVG: the view's measure,
   * aggregation, order and palette.  The brush filters the list and is left
   * out, so the figure shows the whole corpus.
   */
  private figureOptions() {
    const o = this.o!;
    const f = this.figOpts;
    if (!f || f.measure !== o.measure || f.agg !== o.agg || f.order !== o.order || f.palette !== o.palette)
      this.figOpts = { measure: o.measure, agg: o.agg, order: o.order, palette: o.palette, outliers: o.outliers };
    return this.figOpts!;
  }

  private xInFigure(e: PointerEvent): number {
    const svg = this.renderRoot.querySelector(".hist > svg")!;
    const r = svg.getBoundingClientRect();
    return ((e.clientX - r.left) * this.o!.width) / Math.max(1, r.width);
  }

  private valueAt(e: PointerEvent): number {
    return globalHistogramValueAt(globalHistogramLayout(this.values, this.o!), this.xInFigure(e));
  }

  private onDown = (e: PointerEvent) => {
    if (e.button !== 0) return;
    this.dragFrom = this.xInFigure(e);
    // Capture keeps the drag alive outside the histogram; synthetic pointers cannot be captured.
    try {
      (e.currentTarget as Element).setPointerCapture(e.pointerId);
    } catch {
      /* not an active pointer */
    }
  };

  private onMove = (e: PointerEvent) => {
    if (this.dragFrom === null) return;
    const x = this.xInFigure(e);
    if (Math.abs(x - this.dragFrom) < 3) return;
    const L = globalHistogramLayout(this.values, this.o!);
    const a = globalHistogramValueAt(L, this.dragFrom);
    const b = this.valueAt(e);
    this.brush = a <= b ? [a, b] : [b, a];
  };

  private onUp = (e: PointerEvent) => {
    if (this.dragFrom === null) return;
    // A click without a drag clears the range.
    if (Math.abs(this.xInFigure(e) - this.dragFrom) < 3) this.brush = null;
    this.dragFrom = null;
    this.announceRange();
  };

  /** Tell the host which range is brushed now and which texts it holds (a notebook hands them to the kernel). */
  private announceRange(): void {
    const b = this.brush;
    const texts: number[] = [];
    if (b && this.data)
      for (let i = 0; i < this.values.length; i++) if (this.values[i] >= b[0] && this.values[i] <= b[1]) texts.push(this.data.index[i]);
    this.dispatchEvent(new RangeSelectEvent(columnName(this.o!.measure as CorpusMeasure, this.o!.agg), b ? [b[0], b[1]] : null, texts));
  }

  private onSearch = (e: Event) => {
    this.search = (e.target as HTMLInputElement).value;
  };

  private onMeasure = (e: Event) => {
    this.measure = maybeCorpusMeasure((e.target as HTMLSelectElement).value);
    this.dispatchEvent(new MeasureChangeEvent(this.measure));
  };

  private onRankBy = (e: Event) => {
    this.rankBy = maybeRankBy((e.target as HTMLSelectElement).value);
  };

  /** A click on a point of the scatter, or near one, chooses its text. */
  private onScatterClick = (e: MouseEvent) => {
    const d = this.data;
    const sc = this.scatter;
    if (!d || !sc) return;
    const hit = (e.target as Element | null)?.closest?.("[data-doc]");
    let doc = hit ? Number(hit.getAttribute("data-doc")) : -1;
    if (!hit) {
      const svg = this.renderRoot.querySelector(".scatter > svg");
      if (!svg) return;
      const r = svg.getBoundingClientRect();
      const k = sc.layout.width / Math.max(1, r.width);
      const row = klScatterRowAt(sc.layout, (e.clientX - r.left) * k, (e.clientY - r.top) * k);
      if (row >= 0) doc = d.index[row];
    }
    if (doc >= 0) this.dispatchEvent(new SelectDocumentEvent(doc));
  };

  private onAgg = (e: Event) => {
    this.agg = maybeAggregation((e.target as HTMLSelectElement).value);
  };
}

const RANK_WORDS: Record<RankBy, string> = { significance: "by significance", raw: "by value" };

const ORDER_WORDS: Record<Order, string> = { abs: "largest absolute value first", desc: "largest first", asc: "smallest first" };

/** A q-value for the lists: "<0.001" under a thousandth, else three significant digits. */
function formatQ(q: number): string {
  return q < 0.001 ? "<0.001" : formatValue(q);
}

define("lmdiff-global-view", LmdiffGlobalView);

declare global {
  interface HTMLElementTagNameMap {
    "lmdiff-global-view": LmdiffGlobalView;
  }
}
