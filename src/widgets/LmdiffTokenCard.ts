import { instanceMeasure } from "../core/instanceMeasure.js";
import { html, LitElement, css, nothing, unsafeCSS } from "lit";
import { property } from "lit/decorators.js";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import type { InstanceData } from "../core/InstanceData.js";
import { DIFF_MEASURES, MEASURE_INFO, winner } from "../core/measures.js";
import { formatProb, formatValue } from "../render/formatValue.js";
import { palette } from "../render/palette.js";
import { renderOptions, type PaletteName } from "../render/renderOptions.js";
import { svgRoot } from "../render/svg.js";
import { topkTableFigure } from "../render/topkTable.js";
import { define } from "./define.js";
import { CardCloseEvent } from "./events.js";
import { theme } from "./theme.js";

/** Width of the tables' column of a wide card, and the gap beside it. */
const TABLES_W = 330;
const COLUMN_GAP = 16;
/** From this width on a card is laid out in two columns. */
export const WIDE_CARD = 640;

/**
 * The height a card of a text with top-k size `k` takes at `width`, a
 * little generously, so that a view can reserve room for it without
 * rendering it first.
 */
export function tokenCardHeight(k: number, width: number): number {
  const topk = 36 + 17 * k + 34;
  return width >= WIDE_CARD ? 76 + Math.max(200, topk) : 260 + topk;
}

/**
 * The details of one token: both models' probability and rank, every
 * difference measure with who did better, and the two top-k lists side by
 * side (the render core's topkTable).
 *
 * @fires lmdiff-card-close - the close button of a pinned card was pressed
 * @csspart card - the card's box
 */
export class LmdiffTokenCard extends LitElement {
  static override styles = [
    theme,
    css`
      .card {
        border: 1px solid var(--_border);
        border-radius: 4px;
        padding: 8px 10px;
        background: var(--_bg);
        position: relative;
      }
      h4 {
        margin: 0 0 6px;
        font-size: 13px;
        font-weight: 600;
        padding-right: 24px;
      }
      code {
        font-family: ui-monospace, Menlo, Consolas, monospace;
        background: var(--_bg2);
        padding: 0 3px;
        white-space: pre;
      }
      table {
        border-collapse: collapse;
        font-size: 12px;
        margin-bottom: 8px;
      }
      th,
      td {
        padding: 1px 8px 1px 0;
        text-align: left;
        font-weight: normal;
      }
      td.muted {
        white-space: nowrap;
      }
      td.num {
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
      .chip {
        display: inline-block;
        width: 9px;
        height: 9px;
        border-radius: 2px;
        margin-right: 4px;
      }
      /* Wide cards put the tables beside the top-k lists, so a card is about as tall as the lists. */
      .card.wide {
        display: grid;
        grid-template-columns: ${unsafeCSS(TABLES_W)}px 1fr;
        column-gap: ${unsafeCSS(COLUMN_GAP)}px;
        align-items: start;
      }
      .card.wide h4 {
        grid-column: 1 / -1;
      }
      .close {
        position: absolute;
        top: 4px;
        right: 4px;
        border: none;
        background: none;
        font-size: 16px;
        line-height: 1;
      }
    `,
  ];

  /** The text the token belongs to. */
  @property({ attribute: false }) data?: InstanceData;
  /** Token index. */
  @property({ type: Number }) index = 0;
  /** Whether this card is pinned (shows a close button). */
  @property({ type: Boolean }) pinned = false;
  /** Palette of the model colours. */
  @property() palette: PaletteName = "rdbu";
  /** Width of the top-k table in pixels. */
  @property({ type: Number }) width = 560;

  override render() {
    const d = this.data;
    if (!d || this.index < 0 || this.index >= d.tokens.length) return nothing;
    const i = this.index;
    const pal = palette(this.palette);
    const names = [d.models[0].name, d.models[1].name];
    const tok = d.partial[i] ? "(continuation of the previous character)" : JSON.stringify(d.tokens[i]);
    const diffs = DIFF_MEASURES.map((m) => {
      const v = instanceMeasure(d, m, i, i + 1)[0];
      const w = winner(m, v);
      return { m, v, w };
    });
    const wide = this.width >= WIDE_CARD;
    const topkW = wide ? this.width - TABLES_W - COLUMN_GAP - 22 : this.width;
    const topk = svgRoot(topkTableFigure(d, i, renderOptions({ width: Math.max(320, topkW), palette: this.palette })));
    return html`<div class="card ${wide ? "wide" : ""}" part="card" role="region" aria-label="token ${i + 1} details">
      ${
        this.pinned
          ? html`<button class="close" title="Remove this card" aria-label="Remove card of token ${i + 1}" @click=${this.onClose}>
              ×
            </button>`
          : nothing
      }
      <h4>token ${i + 1} of ${d.tokens.length}: <code>${tok}</code></h4>
      <div class="tables">
        <table>
          <tr>
            <th></th>
            <th>probability</th>
            <th>rank</th>
          </tr>
          <tr class="m1">
            <th><span class="chip" style="background:${pal.model1}"></span>model 1 (${names[0]})</th>
            <td class="num">${formatProb(d.m1.prob[i])}</td>
            <td class="num">${d.m1.rank[i]}</td>
          </tr>
          <tr class="m2">
            <th><span class="chip" style="background:${pal.model2}"></span>model 2 (${names[1]})</th>
            <td class="num">${formatProb(d.m2.prob[i])}</td>
            <td class="num">${d.m2.rank[i]}</td>
          </tr>
        </table>
        <table class="diffs">
          ${diffs.map(
            ({ m, v, w }) =>
              html`<tr data-measure=${m}>
                <th title=${MEASURE_INFO[m].description}>${MEASURE_INFO[m].label}</th>
                <td class="num">${formatValue(v)}</td>
                <td class="muted">
                  ${w === 1 ? `model 1 better` : w === 2 ? `model 2 better` : MEASURE_INFO[m].model1BetterWhen === "none" ? "" : "tie"}
                </td>
              </tr>`,
          )}
        </table>
      </div>
      <div class="topk">${unsafeHTML(topk)}</div>
    </div>`;
  }

  private onClose = () => {
    this.dispatchEvent(new CardCloseEvent(this.index));
  };
}

define("lmdiff-token-card", LmdiffTokenCard);

declare global {
  interface HTMLElementTagNameMap {
    "lmdiff-token-card": LmdiffTokenCard;
  }
}
