import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import { property, state } from "lit/decorators.js";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import type { InstanceData } from "../core/InstanceData.js";
import { computeMeasure, MEASURE_INFO, MEASURES, winner, type Measure } from "../core/measures.js";
import { maybeMeasure } from "../core/options.js";
import { colorScale } from "../render/colorScale.js";
import { formatValue } from "../render/formatValue.js";
import { legendFigure } from "../render/legend.js";
import { measureHistogramFigure } from "../render/measureHistogram.js";
import { renderOptions, type PaletteName, type RenderOptions } from "../render/renderOptions.js";
import { stepPlotsFigure, stepPlotsHighlight, stepPlotsIndexAt, stepPlotsLayout } from "../render/stepPlots.js";
import { svgRoot } from "../render/svg.js";
import { tokenLayout, type TokenLayout } from "../render/tokenLayout.js";
import { tokenStripBands } from "../render/tokenStrip.js";
import { define } from "./define.js";
import { CardCloseEvent, MeasureChangeEvent, TokenHoverEvent, TokenPinEvent } from "./events.js";
import "./LmdiffDownload.js";
import type { DownloadChoice } from "./LmdiffDownload.js";
import { tokenCardHeight } from "./LmdiffTokenCard.js";
import { theme } from "./theme.js";
import { WidthController } from "./WidthController.js";

/** Lines of the strip per band (see tokenStripBands): about half of the strip's visible height. */
const LINES_PER_BAND = 6;
/** Bands drawn with the view (the strip shows about 11 lines at first); the rest follow, BANDS_PER_TASK per task. */
const FIRST_BANDS = 3;
const BANDS_PER_TASK = 4;
/** Height of the details line (the hint) in the flow. */
const DETAILS_LINE = 44;
/** The figures the download buttons offer. */
const INSTANCE_FIGURES: readonly DownloadChoice[] = [
  { view: "composite", label: "strip + plots" },
  { view: "strip", label: "strip" },
];

/**
 * The LMdiff instance view: one text compared token by token.  All
 * drawing is the render core's; this element keeps the hovered and pinned
 * tokens and links the strip and the step plots.  Hover is shown by a CSS
 * rule and a small overlay SVG, so the big strip and plots are not redrawn
 * on every pointer move, and the hovered token's card floats over what is
 * below the plots, so nothing changes size (no layout shift).  Only as much
 * room as a card needs beyond the histogram is kept free at the bottom, so
 * that the card is not cut off at the end of a notebook output.
 *
 * @fires lmdiff-measure-change - the measure picker changed
 * @fires lmdiff-download - a figure (strip and plots, or the strip) was made for download
 * @fires lmdiff-token-hover - the hovered / focused token changed
 * @fires lmdiff-token-pin - a token card was pinned or unpinned
 */
export class LmdiffInstanceView extends LitElement {
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
      .strip {
        max-height: 280px;
        overflow: auto;
        border: 1px solid var(--_border);
        border-radius: 4px;
        padding: 6px;
        margin: 6px 0 10px;
      }
      .strip .tok {
        cursor: pointer;
      }
      /* Bands of lines that are scrolled out of view are neither laid out nor painted. */
      .strip .band {
        content-visibility: auto;
      }
      .bar lmdiff-download {
        margin-left: auto;
      }
      h3.heading {
        margin: 0 0 6px;
      }
      .strip text {
        pointer-events: none;
      }
      .plots {
        position: relative;
      }
      .plots .overlay {
        position: absolute;
        left: 0;
        top: 0;
        pointer-events: none;
      }
      /* One line in the flow; the hovered token's card is laid over what follows, so hovering moves nothing. */
      .details {
        position: relative;
        margin: 8px 0;
      }
      .placeholder {
        border: 1px dashed var(--_border);
        border-radius: 4px;
        padding: 4px 10px;
        color: var(--_muted);
      }
      .details .hover-card {
        position: absolute;
        left: 0;
        right: 0;
        top: 0;
        z-index: 2;
        pointer-events: none;
        box-shadow: 0 2px 10px rgba(0, 0, 0, 0.18);
        border-radius: 4px;
      }
      .pins {
        display: grid;
        gap: 8px;
        margin-top: 8px;
      }
      h3 {
        font-size: 13px;
        margin: 12px 0 4px;
      }
    `,
  ];

  /** The text to show. */
  @property({ attribute: false }) data?: InstanceData;
  /** A heading above the view ("text #7", "your text"), or "" for none. */
  @property() heading = "";
  /** Measure that colours the strip and the histogram. */
  @property() measure: Measure = "prob_diff";
  /** Colour palette ("rdbu" or "puor"). */
  @property() palette: PaletteName = "rdbu";

  /** Hovered or keyboard-focused token, or null. */
  @state() hovered: number | null = null;
  /** Pinned tokens, in pin order (replaced, not mutated). */
  @state() pins: readonly number[] = [];

  private widthCtl = new WidthController(this);
  private layout?: TokenLayout;
  private o?: RenderOptions;
  /** The strip's bands: the first ones drawn, the rest as empty boxes of their height (see fillBands). */
  private stripHtml = "";
  /** SVG of each band not yet put into its box, by band index; emptied as they are filled. */
  private pendingBands = new Map<number, string>();
  private fillTimer = 0;
  private plotsSvg = "";
  private histSvg = "";
  private legendSvg = "";
  private values: Float64Array = new Float64Array(0);
  private figOpts?: { measure: Measure; palette: PaletteName };

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("data")) {
      this.hovered = null;
      this.pins = [];
    }
    const width = this.widthCtl.width - 2;
    if (!this.data) return;
    const measure = maybeMeasure(this.measure);
    if (!this.o || this.o.width !== width || this.o.measure !== measure || this.o.palette !== this.palette || changed.has("data")) {
      // Everything that depends on the text, the measure or the width is drawn here, once.
      const o = renderOptions({ measure, width, palette: this.palette });
      const stripO = { ...o, width: width - 14 };
      const d = this.data;
      this.values = computeMeasure(measure, d.m1, d.m2, d.k, d.maxClampRank);
      const scale = colorScale(measure, this.values, o, d.k);
      this.layout = tokenLayout(d.tokens, d.partial, stripO);
      this.legendSvg = svgRoot(legendFigure(measure, d.models, scale, width));
      // The strip in bands of lines, each in a box the browser may skip while it is scrolled away (see tokenStripBands).
      // Only the bands the strip shows at first are drawn with the view; the others follow when the browser is idle.
      const bands = tokenStripBands(d, this.values, scale, stripO, LINES_PER_BAND, this.layout);
      this.pendingBands = new Map();
      this.stripHtml = bands
        .map((f, j) => {
          const svg = svgRoot(f);
          if (j < FIRST_BANDS) return `<div class="band" style="height:${f.height}px">${svg}</div>`;
          this.pendingBands.set(j, svg);
          return `<div class="band" data-band="${j}" style="height:${f.height}px"></div>`;
        })
        .join("");
      this.plotsSvg = svgRoot(stepPlotsFigure(d, o));
      this.histSvg = svgRoot(measureHistogramFigure(measure, this.values, d.models, scale, { ...o, plotHeight: 80, bins: 30 }));
      this.o = o;
    }
  }

  override render() {
    const d = this.data;
    if (!d || !this.o) return html`<p class="muted">No text to show.</p>`;
    const o = this.o;
    const h = this.hovered;
    const overlay = h === null ? "" : svgRoot(stepPlotsHighlight(d, { ...o, highlight: h }));
    const hoverRule =
      h === null ? "" : `.strip g.tok[data-i="${h}"] rect { stroke: var(--_fg); stroke-width: 2px; }`;
    const pinRule = this.pins.map((p) => `.strip g.tok[data-i="${p}"] rect`).join(",");
    const css = hoverRule + (pinRule ? `${pinRule} { stroke: var(--_accent); stroke-width: 1.5px; stroke-dasharray: 3 2; }` : "");
    const cardW = o.width - 24;
    // What follows the details line is at least as tall as a hover card, so the card never hangs out of the view.
    const below = Math.max(0, tokenCardHeight(d.k, cardW) - DETAILS_LINE);
    return html`<style>${css}</style>
      ${this.heading ? html`<h3 class="heading">${this.heading}</h3>` : nothing}
      <div class="bar">
        <label>colour by
          <select class="measure" aria-label="Measure" @change=${this.onMeasure}>
            ${MEASURES.map((m) => html`<option value=${m} ?selected=${m === o.measure}>${MEASURE_INFO[m].label}</option>`)}
          </select>
        </label>
        <span class="muted">${d.tokens.length} tokens · ${d.models[0].name} vs ${d.models[1].name}</span>
        <lmdiff-download .data=${d} .options=${this.figureOptions()} .choices=${INSTANCE_FIGURES}></lmdiff-download>
      </div>
      <div class="legend">${unsafeHTML(this.legendSvg)}</div>
      <div
        class="strip"
        tabindex="0"
        role="group"
        aria-label="Tokens coloured by ${MEASURE_INFO[o.measure].label}. Arrow keys move between tokens, Enter pins a token's card."
        @pointerover=${this.onStripPointer}
        @pointerleave=${this.onLeave}
        @click=${this.onStripClick}
        @keydown=${this.onKey}
        @scroll=${this.onStripScroll}
      >
        ${unsafeHTML(this.stripHtml)}
      </div>
      <div class="sr-only" aria-live="polite">${h === null ? "" : this.describe(h)}</div>
      <div class="plots" @pointermove=${this.onPlotPointer} @pointerleave=${this.onLeave} @click=${this.onPlotClick}>
        ${unsafeHTML(this.plotsSvg)}
        <div class="overlay">${unsafeHTML(overlay)}</div>
      </div>
      <div class="details">
        <div class="placeholder">Hover or focus a token to see both models' predictions; click to pin its card.</div>
        ${h === null
          ? nothing
          : html`<lmdiff-token-card class="hover-card" .data=${d} .index=${h} .palette=${this.palette} .width=${cardW}></lmdiff-token-card>`}
      </div>
      <div class="below" style="min-height:${below}px">
        <h3>${MEASURE_INFO[o.measure].label} over this text</h3>
        <div class="hist">${unsafeHTML(this.histSvg)}</div>
        ${this.pins.length
          ? html`<h3>pinned tokens</h3>
              <div class="pins" @lmdiff-card-close=${this.onCardClose}>
                ${this.pins.map(
                  (p) => html`<lmdiff-token-card pinned .data=${d} .index=${p} .palette=${this.palette} .width=${cardW}></lmdiff-token-card>`,
                )}
              </div>`
          : nothing}
      </div>`;
  }

  /** The options the download buttons pass to figureSVG: the view's measure and palette, else the code path's defaults. */
  private figureOptions() {
    const o = this.o!;
    if (this.figOpts?.measure !== o.measure || this.figOpts.palette !== o.palette) this.figOpts = { measure: o.measure, palette: o.palette };
    return this.figOpts;
  }

  protected override updated(): void {
    if (this.pendingBands.size > 0 && !this.fillTimer) this.fillTimer = window.setTimeout(this.fillSome, 0);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.fillTimer);
    this.fillTimer = 0;
  }

  /**
   * Put pending bands into their boxes: `all` at once (the strip was
   * scrolled, or a token in them is wanted), else a few per task, so that a
   * long text's first render costs only what the strip shows at first and
   * the rest is filled in without blocking input.  The bands are plain
   * DOM that Lit does not manage (they are inside unsafeHTML), and a new
   * strip (another measure or width) replaces the boxes and the pending map
   * together, so a late fill never writes into a stale strip.
   */
  private fillBands(all: boolean): void {
    const strip = this.renderRoot.querySelector(".strip");
    if (!strip) return;
    let n = 0;
    for (const [j, svg] of this.pendingBands) {
      if (!all && n++ >= BANDS_PER_TASK) break;
      const box = strip.querySelector(`.band[data-band="${j}"]`);
      if (box) box.innerHTML = svg;
      this.pendingBands.delete(j);
    }
  }

  private fillSome = () => {
    this.fillTimer = 0;
    this.fillBands(false);
    if (this.pendingBands.size > 0) this.fillTimer = window.setTimeout(this.fillSome, 0);
  };

  private onStripScroll = () => {
    if (this.pendingBands.size > 0) this.fillBands(true);
  };

  /** One sentence for screen readers about token i. */
  private describe(i: number): string {
    const d = this.data!;
    const m = this.o!.measure;
    const v = this.values[i];
    const w = winner(m, v);
    return `token ${i + 1} of ${d.tokens.length}: ${JSON.stringify(d.tokens[i])}, ${MEASURE_INFO[m].label} ${formatValue(v)}${w ? `, model ${w} better` : ""}`;
  }

  private setHover(i: number | null) {
    if (i === this.hovered) return;
    this.hovered = i;
    this.dispatchEvent(new TokenHoverEvent(i));
  }

  private togglePin(i: number) {
    const pinned = !this.pins.includes(i);
    this.pins = pinned ? [...this.pins, i] : this.pins.filter((p) => p !== i);
    this.dispatchEvent(new TokenPinEvent(i, pinned));
  }

  private tokenAt(e: Event): number | null {
    const t = (e.target as Element | null)?.closest?.("[data-i]");
    return t ? Number(t.getAttribute("data-i")) : null;
  }

  private onStripPointer = (e: PointerEvent) => {
    const i = this.tokenAt(e);
    if (i !== null) this.setHover(i);
  };

  private onStripClick = (e: MouseEvent) => {
    const i = this.tokenAt(e);
    if (i !== null) this.togglePin(i);
  };

  private onLeave = () => this.setHover(null);

  private plotIndex(e: MouseEvent): number {
    const svg = this.renderRoot.querySelector(".plots > svg");
    if (!svg || !this.data || !this.o) return -1;
    const r = svg.getBoundingClientRect();
    const L = stepPlotsLayout(this.data.tokens.length, this.o, this.data.models);
    return stepPlotsIndexAt(L, ((e.clientX - r.left) * L.width) / Math.max(1, r.width));
  }

  private onPlotPointer = (e: PointerEvent) => {
    const i = this.plotIndex(e);
    this.setHover(i < 0 ? null : i);
  };

  private onPlotClick = (e: MouseEvent) => {
    const i = this.plotIndex(e);
    if (i >= 0) this.togglePin(i);
  };

  private onCardClose = (e: CardCloseEvent) => {
    e.stopPropagation();
    this.togglePin(e.index);
  };

  private onMeasure = (e: Event) => {
    this.measure = maybeMeasure((e.target as HTMLSelectElement).value);
    this.dispatchEvent(new MeasureChangeEvent(this.measure));
  };

  /** Arrow keys walk the tokens; up/down go to the nearest token on the line above/below. */
  private onKey = (e: KeyboardEvent) => {
    const d = this.data;
    if (!d || d.tokens.length === 0 || !this.layout) return;
    const n = d.tokens.length;
    const cur = this.hovered ?? -1;
    let next: number | null = null;
    if (e.key === "ArrowRight") next = Math.min(n - 1, cur + 1);
    else if (e.key === "ArrowLeft") next = Math.max(0, cur < 0 ? 0 : cur - 1);
    else if (e.key === "Home") next = 0;
    else if (e.key === "End") next = n - 1;
    else if (e.key === "ArrowDown" || e.key === "ArrowUp") next = this.verticalNeighbour(Math.max(0, cur), e.key === "ArrowDown" ? 1 : -1);
    else if ((e.key === "Enter" || e.key === " ") && cur >= 0) {
      this.togglePin(cur);
      e.preventDefault();
      return;
    } else if (e.key === "Escape") {
      this.setHover(null);
      return;
    }
    if (next === null) return;
    e.preventDefault();
    this.setHover(next);
    this.updateComplete.then(() => {
      if (this.pendingBands.size > 0) this.fillBands(true);
      this.renderRoot.querySelector(`.strip g.tok[data-i="${next}"]`)?.scrollIntoView?.({ block: "nearest" });
    });
  };

  private verticalNeighbour(i: number, dir: 1 | -1): number {
    const boxes = this.layout!.boxes;
    const own = boxes.find((b) => b.i === i);
    if (!own) return i;
    const y = own.y + dir * this.layout!.lineHeight;
    let best = i;
    let bestDx = Infinity;
    for (const b of boxes) {
      if (b.y !== y) continue;
      const dx = Math.abs(b.x + b.w / 2 - (own.x + own.w / 2));
      if (dx < bestDx) {
        bestDx = dx;
        best = b.i;
      }
    }
    return best;
  }
}

define("lmdiff-instance-view", LmdiffInstanceView);

declare global {
  interface HTMLElementTagNameMap {
    "lmdiff-instance-view": LmdiffInstanceView;
  }
}
