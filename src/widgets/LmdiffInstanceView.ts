import { instanceMeasure } from "../core/instanceMeasure.js";
import { html, LitElement, nothing, type PropertyValues } from "lit";
import { property, state } from "lit/decorators.js";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import type { InstanceData } from "../core/InstanceData.js";
import { availableMeasures, isJointMeasure, jointMeasureMissing, MEASURE_INFO, MEASURES, winner, type Measure } from "../core/measures.js";
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
import { instanceViewStyles } from "./instanceViewStyles.js";
import { measureOptions } from "./measureOptions.js";
import { tokenCardHeight } from "./LmdiffTokenCard.js";
import { StripBandsController } from "./StripBandsController.js";
import { theme } from "./theme.js";
import { tokenKeyAction } from "./tokenKeyAction.js";
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
  static override styles = [theme, instanceViewStyles];

  /** The text to show. */
  @property({ attribute: false }) data?: InstanceData;
  /** A heading above the view ("text #7", "your text"), or "" for none. */
  @property() heading = "";
  /**
   * Measure that colours the strip and the histogram.  The pair measures
   * KL, reverse KL, JS and TV need data from a joint run (`data.pair`);
   * asked of other data, the view says so instead of drawing.
   */
  @property() measure: Measure = "prob_diff";
  /** Colour palette ("rdbu" or "puor"). */
  @property() palette: PaletteName = "rdbu";

  /** Hovered or keyboard-focused token, or null. */
  @state() hovered: number | null = null;
  /** Pinned tokens, in pin order (replaced, not mutated). */
  @state() pins: readonly number[] = [];

  private widthCtl = new WidthController(this);
  private bands = new StripBandsController(this, { strip: ".strip", first: FIRST_BANDS, perTask: BANDS_PER_TASK });
  private layout?: TokenLayout;
  private o?: RenderOptions;
  /** The strip's bands: the first ones drawn, the rest as empty boxes of their height (see StripBandsController). */
  private stripHtml = "";
  private plotsSvg = "";
  private histSvg = "";
  private legendSvg = "";
  private values: Float64Array = new Float64Array(0);
  private figOpts?: { measure: Measure; palette: PaletteName };
  /** The measures the picker offers: all but the joint ones for data without them. */
  private available: readonly Measure[] = MEASURES;
  /** Why the measure cannot be shown (a joint measure of data without one), or "". */
  private unavailable = "";

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("data")) {
      this.hovered = null;
      this.pins = [];
    }
    const width = this.widthCtl.width - 2;
    if (!this.data) return;
    const measure = maybeMeasure(this.measure);
    if (changed.has("data")) this.available = availableMeasures(MEASURES, this.data.pair !== undefined);
    this.unavailable = isJointMeasure(measure) && !this.data.pair ? jointMeasureMissing(measure).message : "";
    if (this.unavailable) {
      // Nothing is drawn; the next measure that can be draws afresh.
      this.o = undefined;
      return;
    }
    if (!this.o || this.o.width !== width || this.o.measure !== measure || this.o.palette !== this.palette || changed.has("data")) {
      // Everything that depends on the text, the measure or the width is drawn here, once.
      const o = renderOptions({ measure, width, palette: this.palette });
      const stripO = { ...o, width: width - 14 };
      const d = this.data;
      this.values = instanceMeasure(d, measure);
      const scale = colorScale(measure, this.values, o, d.k);
      this.layout = tokenLayout(d.tokens, d.partial, stripO);
      this.legendSvg = svgRoot(legendFigure(measure, d.models, scale, width));
      // The strip in bands of lines, each in a box the browser may skip while it is scrolled away (see tokenStripBands).
      // Only the bands the strip shows at first are drawn with the view; the others follow when the browser is idle.
      this.stripHtml = this.bands.html(tokenStripBands(d, this.values, scale, stripO, LINES_PER_BAND, this.layout));
      this.plotsSvg = svgRoot(stepPlotsFigure(d, o));
      this.histSvg = svgRoot(measureHistogramFigure(measure, this.values, d.models, scale, { ...o, plotHeight: 80, bins: 30 }));
      this.o = o;
    }
  }

  override render() {
    const d = this.data;
    if (d && this.unavailable)
      return html`${this.heading ? html`<h3 class="heading">${this.heading}</h3>` : nothing}
        <div class="bar">${this.picker(maybeMeasure(this.measure))}</div>
        <p class="error" role="alert">${this.unavailable}</p>`;
    if (!d || !this.o) return html`<p class="muted">No text to show.</p>`;
    const o = this.o;
    const h = this.hovered;
    const overlay = h === null ? "" : svgRoot(stepPlotsHighlight(d, { ...o, highlight: h }));
    const hoverRule = h === null ? "" : `.strip g.tok[data-i="${h}"] rect { stroke: var(--_fg); stroke-width: 2px; }`;
    const pinRule = this.pins.map((p) => `.strip g.tok[data-i="${p}"] rect`).join(",");
    const css = hoverRule + (pinRule ? `${pinRule} { stroke: var(--_accent); stroke-width: 1.5px; stroke-dasharray: 3 2; }` : "");
    const cardW = o.width - 24;
    // What follows the details line is at least as tall as a hover card, so the card never hangs out of the view.
    const below = Math.max(0, tokenCardHeight(d.k, cardW, d.pair !== undefined) - DETAILS_LINE);
    return html`<style>
        ${css}
      </style>
      ${this.heading ? html`<h3 class="heading">${this.heading}</h3>` : nothing}
      <div class="bar">
        ${this.picker(o.measure)}
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
        ${
          h === null
            ? nothing
            : html`<lmdiff-token-card
                class="hover-card"
                .data=${d}
                .index=${h}
                .palette=${this.palette}
                .width=${cardW}
              ></lmdiff-token-card>`
        }
      </div>
      <div class="below" style="min-height:${below}px">
        <h3>${MEASURE_INFO[o.measure].label} over this text</h3>
        <div class="hist">${unsafeHTML(this.histSvg)}</div>
        ${
          this.pins.length
            ? html`<h3>pinned tokens</h3>
                <div class="pins" @lmdiff-card-close=${this.onCardClose}>
                  ${this.pins.map(
                    (p) =>
                      html`<lmdiff-token-card pinned .data=${d} .index=${p} .palette=${this.palette} .width=${cardW}></lmdiff-token-card>`,
                  )}
                </div>`
            : nothing
        }
      </div>`;
  }

  private picker(measure: Measure) {
    return html`<label
      >colour by
      <select class="measure" aria-label="Measure" @change=${this.onMeasure}>
        ${measureOptions(this.available, measure)}
      </select>
    </label>`;
  }

  /** The options the download buttons pass to figureSVG: the view's measure and palette, else the code path's defaults. */
  private figureOptions() {
    const o = this.o!;
    if (this.figOpts?.measure !== o.measure || this.figOpts.palette !== o.palette)
      this.figOpts = { measure: o.measure, palette: o.palette };
    return this.figOpts;
  }

  private onStripScroll = () => this.bands.fillAll();

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

  /** Keyboard navigation in the strip (see tokenKeyAction); a token moved to is scrolled into view. */
  private onKey = (e: KeyboardEvent) => {
    const d = this.data;
    if (!d || d.tokens.length === 0 || !this.layout) return;
    const action = tokenKeyAction(e.key, this.hovered, this.layout, d.tokens.length);
    if (!action) return;
    if (action.kind === "leave") return this.setHover(null);
    e.preventDefault();
    if (action.kind === "pin") return this.togglePin(action.index);
    this.setHover(action.index);
    // Fire and forget: a failed update is reported by Lit's own update cycle.
    void this.updateComplete.then(() => {
      this.bands.fillAll();
      this.renderRoot.querySelector(`.strip g.tok[data-i="${action.index}"]`)?.scrollIntoView?.({ block: "nearest" });
    });
  };
}

define("lmdiff-instance-view", LmdiffInstanceView);

declare global {
  interface HTMLElementTagNameMap {
    "lmdiff-instance-view": LmdiffInstanceView;
  }
}
