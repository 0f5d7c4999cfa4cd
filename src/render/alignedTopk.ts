import type { AlignedData } from "../core/AlignedData.js";
import { clipLabel } from "./alignedLayout.js";
import { alignedModelName } from "./alignedLegend.js";
import { alignedRenderOptions } from "./alignedOptions.js";
import { formatProb, formatValue } from "./formatValue.js";
import { emptyMarks, markedText } from "./marks.js";
import { palette } from "./palette.js";
import type { RenderOptions, RenderOptionsInput } from "./renderOptions.js";
import { el, svgRoot, type Attrs, type Figure } from "./svg.js";
import { TOPK_ROW, topkList } from "./topkList.js";

/** The characters a token owns, as text ("part of “😀”" for a token that holds some of a character's bytes). */
export function alignedTokenSpan(data: AlignedData, side: 0 | 1, i: number): string {
  const s = data.sides[side];
  const own = data.chars.slice(s.start[i], s.end[i]).join("");
  const bytes = s.byteEnd[i] - s.byteStart[i];
  if (bytes === 0) return "no characters (its bits go to the next token)";
  const text = JSON.stringify(own);
  let whole = 0;
  for (let c = s.start[i]; c < s.end[i]; c++) whole += data.charBytes[c];
  return bytes < whole ? `${bytes} of the ${whole} bytes of ${text}` : `${text} (${bytes} byte${bytes === 1 ? "" : "s"})`;
}

const HEAD = 50;

/**
 * One model's card for one of its tokens in a text read by two tokenizers:
 * the token, the characters it owns, its probability, rank and bits, and
 * the model's top-k predictions at that place with the actual token marked
 * ▶ (a last line gives its rank when it is not among them).  For a masked
 * model the probability is its pseudo-likelihood — the token masked, the
 * rest of the text visible — and the card says PLL wherever it shows one.
 */
export function alignedTopkFigure(data: AlignedData, side: 0 | 1, i: number, o: RenderOptions): Figure {
  const s = data.sides[side];
  const pal = palette(o.palette, o.grayscale);
  const color = side === 0 ? pal.model1 : pal.model2;
  const masked = s.scoring === "masked";
  const k = s.k;
  const w = o.width;
  const marks = emptyMarks();
  const label = (a: Attrs, content: string) => markedText(marks, a, content);
  const fit = (t: string, size: number, room: number) => clipLabel(t, room, size);
  const parts: string[] = [];
  const tok = s.partial[i] ? "(rest of a character)" : JSON.stringify(s.tokens[i]);
  parts.push(el("rect", { x: 0, y: 2, width: 4, height: HEAD - 10, fill: color }));
  parts.push(
    label(
      { x: 10, y: 12, "font-size": 12, "font-weight": 600, fill: "currentColor" },
      fit(`${alignedModelName(data, side)} · token ${i + 1} of ${s.tokens.length}: ${tok}`, 12, w - 12),
    ),
  );
  parts.push(label({ x: 10, y: 27, "font-size": 11, fill: "currentColor" }, fit(`owns ${alignedTokenSpan(data, side, i)}`, 11, w - 12)));
  const bits = -s.scores.logprob[i] / Math.LN2;
  const p = `${masked ? "PLL p" : "p"} ${formatProb(s.scores.prob[i])} · rank ${s.scores.rank[i]} · ${formatValue(bits)} ${masked ? "pseudo-bits" : "bits"}`;
  parts.push(label({ class: "token-stats", x: 10, y: 42, "font-size": 11, fill: "currentColor" }, fit(p, 11, w - 12)));
  const list = topkList(marks, s.scores, i, k, s.tokenIds[i], s, { x: 0, y: HEAD, width: w, color });
  parts.push(...list.parts);
  let h = HEAD + k * TOPK_ROW + 4;
  if (!list.inTop) h += 12;
  if (masked) {
    h += 14;
    parts.push(
      label(
        { class: "pll-note", x: 4, y: h - 4, "font-size": 10, fill: "currentColor", "fill-opacity": 0.75 },
        fit("PLL: the token masked, the rest of the text visible", 10, w - 8),
      ),
    );
  }
  return { width: w, height: h + 4, body: el("g", { class: `lmdiff-aligned-topk m${side + 1}` }, parts), marks };
}

/** Standalone SVG of one model's card for token `i`. */
export function alignedTopk(data: AlignedData, side: 0 | 1, i: number, options: RenderOptionsInput = {}): string {
  const o = alignedRenderOptions(data, options);
  const n = data.sides[side].tokens.length;
  if (!(Number.isInteger(i) && i >= 0 && i < n)) throw new RangeError(`lmdiff: token index ${i} is out of range (0 to ${n - 1})`);
  return svgRoot(alignedTopkFigure(data, side, i, o));
}

/** The most a card of `side` can be tall (its top-k list, the not-in-top-k line, the PLL note), for reserving room. */
export function alignedTopkHeight(data: AlignedData, side: 0 | 1): number {
  return HEAD + data.sides[side].k * TOPK_ROW + 4 + 12 + (data.sides[side].scoring === "masked" ? 14 : 0) + 4;
}
