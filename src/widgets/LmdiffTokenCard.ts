import { instanceMeasure } from "../core/instanceMeasure.js";
import { html, LitElement, nothing } from "lit";
import { property } from "lit/decorators.js";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import type { InstanceData } from "../core/InstanceData.js";
import { DIFF_MEASURES, MEASURE_INFO, winner, type PairMeasure } from "../core/measures.js";
import { formatProb, formatValue } from "../render/formatValue.js";
import { palette } from "../render/palette.js";
import { renderOptions, type PaletteName } from "../render/renderOptions.js";
import { svgRoot } from "../render/svg.js";
import { topkTableFigure } from "../render/topkTable.js";
import { define } from "./define.js";
import { CardCloseEvent } from "./events.js";
import { theme } from "./theme.js";
import { COLUMN_GAP, TABLES_W, tokenCardStyles } from "./tokenCardStyles.js";

/** From this width on a card is laid out in two columns. */
export const WIDE_CARD = 640;

/**
 * The height a card of a text with top-k size `k` takes at `width`, a
 * little generously, so that a view can reserve room for it without
 * rendering it first.
 */
export function tokenCardHeight(k: number, width: number, pair = false): number {
  const topk = 36 + 17 * k + 34;
  // The table of the pair measures: a heading and five rows.
  const tables = 200 + (pair ? PAIR_TABLE : 0);
  return width >= WIDE_CARD ? 76 + Math.max(tables, topk) : 60 + tables + topk;
}

/** Height of the pair measures' table. */
const PAIR_TABLE = 100;

/** The pair measures of a token, as the card names them (the short forms of MEASURE_INFO's labels). */
const PAIR_ROWS: readonly { m: PairMeasure; label: string }[] = [
  { m: "kl", label: "KL(1‖2)" },
  { m: "kl_reverse", label: "KL(2‖1)" },
  { m: "js", label: "JS (bits)" },
  { m: "tv", label: "TV" },
  { m: "top1_agree", label: "same top-1" },
];

/**
 * The details of one token: both models' probability and rank, every
 * difference measure with who did better, the pair measures (KL both ways,
 * JS, TV and whether the top-1 predictions agree) when the text comes from
 * a joint run, and the two top-k lists side by side (the render core's
 * topkTable).
 *
 * @fires lmdiff-card-close - the close button of a pinned card was pressed
 * @csspart card - the card's box
 */
export class LmdiffTokenCard extends LitElement {
  static override styles = [theme, tokenCardStyles];

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
    const pairs = d.pair
      ? PAIR_ROWS.map(({ m, label }) => {
          const v = instanceMeasure(d, m, i, i + 1)[0];
          return { m, label, shown: m === "top1_agree" ? (Number.isNaN(v) ? "n/a" : v === 1 ? "yes" : "no") : formatValue(v) };
        })
      : [];
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
        ${
          pairs.length
            ? html`<table class="pair" aria-label="between the two distributions">
                <tr>
                  <th colspan="2" class="muted">between the two distributions</th>
                </tr>
                ${pairs.map(
                  ({ m, label, shown }) =>
                    html`<tr data-measure=${m}>
                      <th title=${MEASURE_INFO[m].description}>${label}</th>
                      <td class="num">${shown}</td>
                    </tr>`,
                )}
              </table>`
            : nothing
        }
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
