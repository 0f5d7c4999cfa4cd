import { html, LitElement, nothing, type PropertyValues } from "lit";
import { property, state } from "lit/decorators.js";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import type { AlignedData } from "../core/AlignedData.js";
import { alignedMeasure } from "../core/alignedMeasure.js";
import { BYTE_MEASURES, isByteMeasure, MEASURE_INFO, winner, type ByteMeasure } from "../core/measures.js";
import { alignedHeaderFigure } from "../render/alignedHeader.js";
import { alignedHistogramFigure } from "../render/alignedHistogram.js";
import { alignedLayout, tokensAtChar } from "../render/alignedLayout.js";
import { alignedLegendFigure } from "../render/alignedLegend.js";
import type { AlignedRenderOptions } from "../render/alignedOptions.js";
import { alignedStripFigure } from "../render/alignedStrip.js";
import { alignedTopkFigure, alignedTopkHeight } from "../render/alignedTopk.js";
import { bitsPlotFigure, bitsPlotHighlight, bitsPlotIndexAt, bitsPlotLayout } from "../render/bitsPlot.js";
import { colorScale } from "../render/colorScale.js";
import { formatValue } from "../render/formatValue.js";
import { renderOptions, type PaletteName } from "../render/renderOptions.js";
import { svgRoot } from "../render/svg.js";
import { AlignedTokenHoverEvent, CharHoverEvent, CharSelectEvent } from "./alignedEvents.js";
import { alignedViewStyles } from "./alignedViewStyles.js";
import { define } from "./define.js";
import { MeasureChangeEvent } from "./events.js";
import "./LmdiffDownload.js";
import type { DownloadChoice } from "./LmdiffDownload.js";
import { theme } from "./theme.js";
import { WidthController } from "./WidthController.js";

/** The figures the download buttons offer. */
const ALIGNED_FIGURES: readonly DownloadChoice[] = [
  { view: "composite", label: "strip + plots" },
  { view: "strip", label: "strip" },
];
/** Height of the details line (the hint) in the flow. */
const DETAILS_LINE = 44;
/** Below this width, two cards are stacked rather than side by side. */
const TWO_CARDS = 640;
/** A card's padding and border, around its figure. */
const CARD_CHROME = 22;

/**
 * The instance view of a text read by two models with different
 * tokenizers: each model's bits per byte, the legend, the aligned strip
 * (model 1's tokens over the characters, model 2's below, every character
 * coloured by a byte measure), each model's bits per character along the
 * text, and the histogram of the measure.  All drawing is the render
 * core's; this element keeps what is hovered and selected.
 *
 * Hovering a token of either row shows that model's card (its token,
 * probability — a pseudo-likelihood, PLL, for a masked model — rank and
 * top-k list).  Clicking a character, or hovering it in the bits plot,
 * outlines the tokens of both models that cover it and shows both models'
 * cards side by side; the arrow keys move the selected character.  Hover
 * is shown by CSS rules and an overlay, so the strip and plot are not
 * redrawn, and cards float over what is below, so nothing moves.
 *
 * @fires lmdiff-measure-change - the measure picker changed
 * @fires lmdiff-aligned-token-hover - the hovered token (side and index) changed
 * @fires lmdiff-char-hover - the character hovered in the bits plot changed
 * @fires lmdiff-char-select - a character was selected or the selection cleared
 * @fires lmdiff-download - a figure was made for download
 */
export class LmdiffAlignedView extends LitElement {
  static override styles = [theme, alignedViewStyles];

  /** The text to show, as two tokenizers read it. */
  @property({ attribute: false }) data?: AlignedData;
  /** A heading above the view ("text #7", "your text"), or "" for none. */
  @property() heading = "";
  /** Byte measure that colours the characters: bits_diff (default), bits_1 or bits_2. */
  @property() measure: ByteMeasure = "bits_diff";
  /** Colour palette ("rdbu" or "puor"). */
  @property() palette: PaletteName = "rdbu";

  /** The hovered token, or null. */
  @state() hovered: { side: 0 | 1; i: number } | null = null;
  /** The character hovered in the bits plot, or null. */
  @state() hoveredChar: number | null = null;
  /** The selected character, or null. */
  @state() selected: number | null = null;

  private widthCtl = new WidthController(this);
  private o?: AlignedRenderOptions;
  private headerSvg = "";
  private legendSvg = "";
  private stripSvg = "";
  private plotSvg = "";
  private histSvg = "";
  private values: Float64Array = new Float64Array(0);
  private figOpts?: { measure: ByteMeasure; palette: PaletteName };

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("data")) {
      this.hovered = null;
      this.hoveredChar = null;
      this.selected = null;
    }
    const d = this.data;
    if (!d) return;
    const width = this.widthCtl.width - 2;
    const measure: ByteMeasure = isByteMeasure(this.measure) ? this.measure : "bits_diff";
    const o = this.o;
    if (!o || o.width !== width || o.measure !== measure || o.palette !== this.palette || changed.has("data")) {
      // Everything that depends on the text, the measure or the width is drawn here, once.
      const next = renderOptions({ measure, width, palette: this.palette }) as AlignedRenderOptions;
      const stripO = { ...next, width: width - 14 };
      this.values = alignedMeasure(d, measure);
      const scale = colorScale(measure, this.values, next);
      this.headerSvg = svgRoot(alignedHeaderFigure(d, next));
      this.legendSvg = svgRoot(alignedLegendFigure(measure, d, scale, width));
      this.stripSvg = svgRoot(alignedStripFigure(d, this.values, scale, stripO, alignedLayout(d, stripO)));
      this.plotSvg = svgRoot(bitsPlotFigure(d, next));
      this.histSvg = svgRoot(alignedHistogramFigure(d, measure, this.values, scale, { ...next, plotHeight: 80, bins: 30 }));
      this.o = next;
    }
  }

  override render() {
    const d = this.data;
    const o = this.o;
    if (!d || !o) return html`<p class="muted">No text to show.</p>`;
    const char = this.hovered ? null : (this.hoveredChar ?? this.selected);
    const overlay = char === null ? "" : svgRoot(bitsPlotHighlight(d, { ...o, highlight: char }));
    const two = o.width >= TWO_CARDS;
    const cardW = two ? (o.width - 24 - 8) / 2 : o.width - 24;
    const cards = this.cards(d, o, char, cardW);
    // What follows the details line is at least as tall as the cards, so that they never hang out of the view.
    const tallest = Math.max(alignedTopkHeight(d, 0), alignedTopkHeight(d, 1)) + CARD_CHROME;
    const below = Math.max(0, (two ? tallest : 2 * tallest + 8) - DETAILS_LINE);
    return html`<style>
        ${this.highlightCss(d, char)}
      </style>
      ${this.heading ? html`<h3 class="heading">${this.heading}</h3>` : nothing}
      <div class="bar">
        <label
          >colour by
          <select class="measure" aria-label="Measure" @change=${this.onMeasure}>
            ${BYTE_MEASURES.map(
              (m) =>
                html`<option value=${m} ?selected=${m === o.measure} title=${MEASURE_INFO[m].description}>
                  ${MEASURE_INFO[m].label}
                </option>`,
            )}
          </select>
        </label>
        <span class="muted"
          >${d.chars.length} characters · ${d.sides[0].tokens.length} and ${d.sides[1].tokens.length} tokens · ${d.models[0].name} vs
          ${d.models[1].name}</span
        >
        <lmdiff-download .data=${d} .options=${this.figureOptions()} .choices=${ALIGNED_FIGURES}></lmdiff-download>
      </div>
      <div class="header">${unsafeHTML(this.headerSvg)}</div>
      <div class="legend">${unsafeHTML(this.legendSvg)}</div>
      <div
        class="strip"
        tabindex="0"
        role="group"
        aria-label="The text, with model 1's tokens above and model 2's below each line, characters coloured by ${
          MEASURE_INFO[o.measure].label
        }. Click a character to see both models' tokens over it; arrow keys move it."
        @pointerover=${this.onStripPointer}
        @pointerleave=${this.onStripLeave}
        @click=${this.onStripClick}
        @keydown=${this.onKey}
      >
        ${unsafeHTML(this.stripSvg)}
      </div>
      <div class="sr-only" aria-live="polite">${this.describe(d, char)}</div>
      <div class="plots" @pointermove=${this.onPlotPointer} @pointerleave=${this.onPlotLeave} @click=${this.onPlotClick}>
        ${unsafeHTML(this.plotSvg)}
        <div class="overlay">${unsafeHTML(overlay)}</div>
      </div>
      <div class="details">
        <div class="placeholder">
          Hover a token to see its model's predictions; click a character (or hover the plot) to compare both models' tokens over it.
        </div>
        ${cards.length ? html`<div class="cards ${cards.length === 2 && two ? "two" : ""}">${cards}</div>` : nothing}
      </div>
      <div class="below" style="min-height:${below}px">
        <h3>${MEASURE_INFO[o.measure].label} over this text</h3>
        <div class="hist">${unsafeHTML(this.histSvg)}</div>
      </div>`;
  }

  /** The cards shown now: the hovered token's, else both models' tokens over the active character, else none. */
  private cards(d: AlignedData, o: AlignedRenderOptions, char: number | null, cardW: number) {
    const card = (side: 0 | 1, i: number, w: number) =>
      html`<div class="card" data-side=${side} data-i=${i}>
        ${unsafeHTML(svgRoot(alignedTopkFigure(d, side, i, { ...o, width: Math.max(240, w - CARD_CHROME) })))}
      </div>`;
    if (this.hovered) return [card(this.hovered.side, this.hovered.i, this.o!.width - 24)];
    if (char === null) return [];
    return ([0, 1] as const).flatMap((side) => {
      const t = tokensAtChar(d, side, char)[0];
      return t === undefined ? [] : [card(side, t, cardW)];
    });
  }

  /** CSS that outlines the hovered token, or both models' tokens over the active character and its column. */
  private highlightCss(d: AlignedData, char: number | null): string {
    const h = this.hovered;
    if (h)
      return `.strip g.tok[data-side="${h.side}"][data-i="${h.i}"] rect.box { stroke: var(--_fg); stroke-width: 2px; stroke-opacity: 1; }`;
    if (char === null) return "";
    const toks = ([0, 1] as const).flatMap((side) =>
      tokensAtChar(d, side, char).map((i) => `.strip g.tok[data-side="${side}"][data-i="${i}"] rect.box`),
    );
    return (
      (toks.length ? `${toks.join(",")} { stroke: var(--_accent); stroke-width: 2px; stroke-opacity: 1; }` : "") +
      `.strip rect.ch[data-c="${char}"] { stroke: var(--_fg); stroke-width: 1.5px; }`
    );
  }

  /** One sentence for screen readers about what is hovered or selected. */
  private describe(d: AlignedData, char: number | null): string {
    const h = this.hovered;
    if (h) {
      const s = d.sides[h.side];
      const bits = -s.scores.logprob[h.i] / Math.LN2;
      return `model ${h.side + 1} token ${h.i + 1} of ${s.tokens.length}: ${JSON.stringify(s.tokens[h.i])}, ${formatValue(bits)} ${s.scoring === "masked" ? "pseudo-bits (PLL)" : "bits"}`;
    }
    if (char === null) return "";
    const m = this.o!.measure;
    const v = this.values[char];
    const w = winner(m, v);
    return `character ${char + 1} of ${d.chars.length}: ${JSON.stringify(d.chars[char])}, ${MEASURE_INFO[m].label} ${formatValue(v)}${w ? `, model ${w} needs fewer bits` : ""}`;
  }

  /** The options the download buttons pass to figureSVG: the view's measure and palette. */
  private figureOptions() {
    const o = this.o!;
    if (this.figOpts?.measure !== o.measure || this.figOpts.palette !== o.palette)
      this.figOpts = { measure: o.measure, palette: o.palette };
    return this.figOpts;
  }

  private setHover(h: { side: 0 | 1; i: number } | null) {
    if (h === this.hovered || (h && this.hovered && h.side === this.hovered.side && h.i === this.hovered.i)) return;
    this.hovered = h;
    this.dispatchEvent(new AlignedTokenHoverEvent(h ? h.side : null, h ? h.i : null));
  }

  private setHoveredChar(c: number | null) {
    if (c === this.hoveredChar) return;
    this.hoveredChar = c;
    this.dispatchEvent(new CharHoverEvent(c));
  }

  private select(c: number | null) {
    if (c === this.selected) return;
    this.selected = c;
    this.dispatchEvent(new CharSelectEvent(c));
  }

  private onStripPointer = (e: PointerEvent) => {
    const t = (e.target as Element | null)?.closest?.("g.tok[data-i]");
    if (!t) return;
    this.setHover({ side: t.getAttribute("data-side") === "1" ? 1 : 0, i: Number(t.getAttribute("data-i")) });
  };

  private onStripLeave = () => this.setHover(null);

  private onStripClick = (e: MouseEvent) => {
    const c = (e.target as Element | null)?.closest?.("rect.ch[data-c]");
    if (!c) return;
    const i = Number(c.getAttribute("data-c"));
    // Showing both models' cards is what a click asks for: the hovered token's card gives way.
    this.setHover(null);
    this.select(i === this.selected ? null : i);
  };

  private plotIndex(e: MouseEvent): number {
    const svg = this.renderRoot.querySelector(".plots > svg");
    if (!svg || !this.data || !this.o) return -1;
    const r = svg.getBoundingClientRect();
    const L = bitsPlotLayout(this.data, this.o);
    return bitsPlotIndexAt(L, ((e.clientX - r.left) * L.width) / Math.max(1, r.width));
  }

  private onPlotPointer = (e: PointerEvent) => {
    const i = this.plotIndex(e);
    this.setHoveredChar(i < 0 ? null : i);
  };

  private onPlotLeave = () => this.setHoveredChar(null);

  private onPlotClick = (e: MouseEvent) => {
    const i = this.plotIndex(e);
    if (i >= 0) this.select(i === this.selected ? null : i);
  };

  /** Arrow keys move the selected character (Home/End to the ends), Escape clears it. */
  private onKey = (e: KeyboardEvent) => {
    const n = this.data?.chars.length ?? 0;
    if (n === 0) return;
    const c = this.selected;
    const next =
      e.key === "ArrowRight"
        ? c === null
          ? 0
          : Math.min(n - 1, c + 1)
        : e.key === "ArrowLeft"
          ? c === null
            ? n - 1
            : Math.max(0, c - 1)
          : e.key === "Home"
            ? 0
            : e.key === "End"
              ? n - 1
              : e.key === "Escape"
                ? null
                : undefined;
    if (next === undefined) return;
    e.preventDefault();
    this.setHover(null);
    this.select(next);
    if (next !== null)
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector(`.strip rect.ch[data-c="${next}"]`)?.scrollIntoView?.({ block: "nearest" }),
      );
  };

  private onMeasure = (e: Event) => {
    const v = (e.target as HTMLSelectElement).value;
    this.measure = isByteMeasure(v) ? v : "bits_diff";
    this.dispatchEvent(new MeasureChangeEvent(this.measure));
  };
}

define("lmdiff-aligned-view", LmdiffAlignedView);

declare global {
  interface HTMLElementTagNameMap {
    "lmdiff-aligned-view": LmdiffAlignedView;
  }
}
