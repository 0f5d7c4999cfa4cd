import type { InstanceData } from "../core/InstanceData.js";
import type { TokenScores } from "../core/measures.js";
import { clipCells } from "./clipCells.js";
import { formatProb } from "./formatValue.js";
import { markedText, type Marks } from "./marks.js";
import { el, type Attrs } from "./svg.js";
import { topkTokenText } from "./topkTokenText.js";
import { MONO_FONT } from "./tokenStrip.js";

/** Height of one row of a top-k list. */
export const TOPK_ROW = 17;

/** Where a top-k list goes: its left edge, the top of its first row, its width, and the model's colour. */
export interface TopkListPlace {
  x: number;
  y: number;
  width: number;
  color: string;
}

/**
 * One model's top-k predictions for token `i`, a row each from `at.y` down:
 * rank, token, a probability bar and the probability.  The actual token
 * (`actual`) is marked with ▶, bold text and a band in the model's colour;
 * when the model did not rank it in its top k, a line under the list gives
 * its rank.  Returns the parts and whether the actual token is in the list.
 * Shared by the token view's top-k table and the aligned view's cards.
 */
export function topkList(
  marks: Marks,
  scores: TokenScores,
  i: number,
  k: number,
  actual: number,
  source: Pick<InstanceData, "vocab">,
  at: TopkListPlace,
): { parts: string[]; inTop: boolean } {
  const { x: x0, width: w, color } = at;
  const label = (a: Attrs, content: string) => markedText(marks, a, content);
  const tokenCells = Math.max(4, Math.floor((w - 150) / 7.2));
  const parts: string[] = [];
  let inTop = false;
  for (let r = 0; r < k; r++) {
    const id = scores.topkIds[i * k + r];
    const p = scores.topkProbs[i * k + r];
    const y = at.y + r * TOPK_ROW;
    const isActual = id === actual;
    inTop ||= isActual;
    const row: string[] = [];
    if (isActual) row.push(el("rect", { x: x0, y, width: w - 8, height: TOPK_ROW - 1, fill: color, "fill-opacity": 0.18 }));
    row.push(label({ x: x0 + 4, y: y + 12, "font-size": 11, fill: "currentColor" }, `${isActual ? "▶" : ""}${r + 1}`));
    row.push(
      label(
        {
          x: x0 + 28,
          y: y + 12,
          "font-size": 12,
          "font-family": MONO_FONT,
          "font-weight": isActual ? 700 : null,
          fill: "currentColor",
          "xml:space": "preserve",
        },
        clipCells(topkTokenText(source, id), tokenCells),
      ),
    );
    row.push(
      el("rect", { x: x0 + w - 116, y: y + 3, width: Math.max(0.5, 60 * Math.min(1, Math.max(0, p))), height: TOPK_ROW - 7, fill: color }),
    );
    row.push(label({ x: x0 + w - 10, y: y + 12, "font-size": 11, "text-anchor": "end", fill: "currentColor" }, formatProb(p)));
    parts.push(el("g", { class: isActual ? "topk-row actual" : "topk-row", "data-rank": r + 1 }, row));
  }
  if (!inTop)
    parts.push(
      label(
        { class: "not-in-topk", x: x0 + 4, y: at.y + k * TOPK_ROW + 12, "font-size": 11, fill: "currentColor", "font-style": "italic" },
        `▶ ${clipCells(topkTokenText(source, actual), tokenCells)} is not in the top ${k} (rank ${scores.rank[i]})`,
      ),
    );
  return { parts, inTop };
}
