import { css, html, LitElement, type PropertyValues } from "lit";
import { property, state } from "lit/decorators.js";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import { AGGREGATIONS, type Aggregation } from "../core/aggregate.js";
import type { CorpusData } from "../core/CorpusData.js";
import { DIFF_MEASURES, MEASURE_INFO, type DiffMeasure, type Measure } from "../core/measures.js";
import { maybeAggregation, maybeDiffMeasure, maybeOrder, type Order } from "../core/options.js";
import { topIndices } from "../core/topIndices.js";
import type { ColorScale } from "../render/colorScale.js";
import { corpusValues } from "../render/corpusValues.js";
import { formatValue } from "../render/formatValue.js";
import { globalHistogramFigure, globalHistogramLayout, globalHistogramScale, globalHistogramValueAt } from "../render/globalHistogram.js";
import { renderOptions, type PaletteName, type RenderOptions } from "../render/renderOptions.js";
import { legendFigure } from "../render/legend.js";
import { svgRoot } from "../render/svg.js";
import { visibleText } from "../render/tokenLayout.js";
import { define } from "./define.js";
import { MeasureChangeEvent, SelectDocumentEvent } from "./events.js";
import "./LmdiffDownload.js";
import type { DownloadChoice } from "./LmdiffDownload.js";
import { theme } from "./theme.js";
import { WidthController } from "./WidthController.js";

/** How many texts the list shows. */
export const LIST_SIZE = 50;
/** The figure the download buttons offer. */
const GLOBAL_FIGURES: readonly DownloadChoice[] = [{ view: "global", label: "histogram" }];

/**
 * The LMdiff global view: the corpus-wide histogram of a per-text
 * aggregate with outlier stripes, and the list of the most extreme texts.
 * Dragging over the histogram brushes a value range and the search box a
 * substring; both filter the list.
 *
 * @fires lmdiff-select-document - a text of the list was chosen
 * @fires lmdiff-measure-change - the measure picker changed
 * @fires lmdiff-download - the histogram figure was made for download
 */
export class LmdiffGlobalView extends LitElement {
  static override styles = [
    theme,
    css`
      .bar {
        display: flex;
        gap: 12px;
        align-items: center;
        flex-wrap: wrap;
        margin-bottom: 6px;
      }
      .bar lmdiff-download {
        margin-left: auto;
      }
      .hist {
        cursor: crosshair;
        touch-action: none;
        user-select: none;
      }
      ol {
        list-style: none;
        margin: 6px 0 0;
        padding: 0;
        max-height: 360px;
        overflow: auto;
        border: 1px solid var(--_border);
        border-radius: 4px;
      }
      li button {
        display: grid;
        grid-template-columns: 12px 5.5em 4em 1fr;
        gap: 8px;
        align-items: center;
        width: 100%;
        text-align: left;
        border: none;
        border-bottom: 1px solid var(--_border);
        border-radius: 0;
        padding: 3px 6px;
        background: transparent;
      }
      li button:hover,
      li button:focus-visible {
        background: var(--_bg2);
      }
      .mark {
        width: 12px;
        height: 12px;
        border-radius: 2px;
        border: 1px solid var(--_border);
      }
      .value {
        font-variant-numeric: tabular-nums;
        text-align: right;
      }
      .text {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
    `,
  ];

  /** The corpus comparison. */
  @property({ attribute: false }) data?: CorpusData;
  /** Difference measure of the histogram and the list. */
  @property() measure: DiffMeasure = "prob_diff";
  /** Per-text aggregation. */
  @property() agg: Aggregation = "mean";
  /** Which extremes to list: "abs" (both signs), "desc" or "asc". */
  @property() order: Order = "abs";
  /** Colour palette. */
  @property() palette: PaletteName = "rdbu";

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

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.data) return;
    if (changed.has("data")) {
      this.lowerText = undefined;
      this.brush = null;
    }
    const measure = maybeDiffMeasure(this.measure);
    const agg = maybeAggregation(this.agg);
    if (changed.has("measure") || changed.has("agg")) this.brush = null;
    const o = renderOptions({
      measure,
      agg,
      order: maybeOrder(this.order),
      width: this.widthCtl.width - 2,
      palette: this.palette,
      brush: this.brush,
      plotHeight: 120,
      bins: 50,
      outliers: 10,
    });
    if (!this.o || this.o.measure !== o.measure || this.o.agg !== o.agg || changed.has("data")) {
      this.values = corpusValues(this.data, o);
      this.scale = globalHistogramScale(this.values, o);
    }
    this.o = o;
  }

  /** Row indices the list shows: the most extreme among texts passing the brush and the search. */
  visibleRows(): Int32Array {
    const d = this.data!;
    const o = this.o!;
    const q = this.search.trim().toLowerCase();
    const b = this.brush;
    if (!q && !b) return topIndices(this.values, LIST_SIZE, o.order);
    if (q && !this.lowerText) this.lowerText = d.text.map((t) => t.toLowerCase());
    const keep: number[] = [];
    for (let i = 0; i < this.values.length; i++) {
      const v = this.values[i];
      if (b && !(v >= b[0] && v <= b[1])) continue;
      if (q && !this.lowerText![i].includes(q)) continue;
      keep.push(i);
    }
    const sub = Float64Array.from(keep, (i) => this.values[i]);
    return Int32Array.from(topIndices(sub, LIST_SIZE, o.order), (j) => keep[j]);
  }

  override render() {
    const d = this.data;
    if (!d || !this.o) return html`<p class="muted">No corpus to show.</p>`;
    const o = this.o;
    const hist = svgRoot(globalHistogramFigure(d, o, this.values));
    const rows = this.visibleRows();
    const label = MEASURE_INFO[o.measure].label;
    return html`<div class="bar">
        <label
          >measure
          <select class="measure" aria-label="Measure" @change=${this.onMeasure}>
            ${DIFF_MEASURES.map((m) => html`<option value=${m} ?selected=${m === o.measure}>${MEASURE_INFO[m].label}</option>`)}
          </select>
        </label>
        <label
          >per text
          <select class="agg" aria-label="Aggregation" @change=${this.onAgg}>
            ${AGGREGATIONS.map((a) => html`<option value=${a} ?selected=${a === o.agg}>${a.replace("_", " ")}</option>`)}
          </select>
        </label>
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
            ? html`<button class="clear-brush" @click=${() => (this.brush = null)}>
                clear range ${formatValue(this.brush[0])} … ${formatValue(this.brush[1])}
              </button>`
            : html`<span class="muted">drag over the histogram to filter by value</span>`
        }
        <lmdiff-download .data=${d} .options=${this.figureOptions()} .choices=${GLOBAL_FIGURES}></lmdiff-download>
      </div>
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
      <div class="muted">
        ${rows.length} ${rows.length === LIST_SIZE ? "most extreme" : ""} texts${this.brush || this.search ? " (filtered)" : ""}, by
        ${o.order === "abs" ? "absolute value" : o.order === "desc" ? "largest value" : "smallest value"}
      </div>
      <ol class="list" aria-label="Most extreme texts">
        ${Array.from(rows, (i) => {
          const v = this.values[i];
          // One line per text, control characters visible (a raw BEL or ESC draws as a missing-glyph box).
          const t = visibleText(d.text[i].replace(/[\t\n\r ]+/g, " "));
          return html`<li>
            <button
              class="doc"
              data-doc=${d.index[i]}
              @click=${() => this.dispatchEvent(new SelectDocumentEvent(d.index[i]))}
              aria-label="text ${d.index[i]}, ${label} ${formatValue(v)}"
            >
              <span class="mark" style="background:${this.scale!.color(v)}"></span>
              <span class="value">${formatValue(v)}</span>
              <span class="muted">#${d.index[i]}</span>
              <span class="text">${t.length > 200 ? t.slice(0, 200) + "…" : t}</span>
            </button>
          </li>`;
        })}
      </ol>`;
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
  };

  private onSearch = (e: Event) => {
    this.search = (e.target as HTMLInputElement).value;
  };

  private onMeasure = (e: Event) => {
    this.measure = maybeDiffMeasure((e.target as HTMLSelectElement).value);
    this.dispatchEvent(new MeasureChangeEvent(this.measure));
  };

  private onAgg = (e: Event) => {
    this.agg = maybeAggregation((e.target as HTMLSelectElement).value);
  };
}

define("lmdiff-global-view", LmdiffGlobalView);

declare global {
  interface HTMLElementTagNameMap {
    "lmdiff-global-view": LmdiffGlobalView;
  }
}
