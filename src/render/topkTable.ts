import type { InstanceData } from "../core/InstanceData.js";
import { palette } from "./palette.js";
import { formatProb } from "./formatValue.js";
import { renderOptions, type RenderOptions, type RenderOptionsInput } from "./renderOptions.js";
import { emptyMarks, markedText } from "./marks.js";
import { el, svgRoot, type Attrs, type Figure } from "./svg.js";
import { TOPK_ROW, topkList } from "./topkList.js";

/**
 * The two models' top-k predictions for one token side by side: rank,
 * token, a probability bar and the probability.  The actual next token is
 * marked with ▶ and bold text in whichever list holds it; when a model did
 * not rank it in its top k, a last row gives its actual rank and probability.
 */
export function topkTableFigure(data: InstanceData, i: number, o: RenderOptions): Figure {
  const pal = palette(o.palette, o.grayscale);
  const k = data.k;
  const colW = Math.floor(o.width / 2);
  const actual = data.tokenIds[i];
  const marks = emptyMarks();
  const label = (a: Attrs, content: string) => markedText(marks, a, content);
  const parts: string[] = [];
  const col = (m: 1 | 2) => {
    const s = m === 1 ? data.m1 : data.m2;
    const x0 = (m - 1) * colW;
    const g: string[] = [];
    g.push(label({ x: x0, y: 12, "font-size": 12, "font-weight": 600, fill: "currentColor" }, `model ${m} (${data.models[m - 1].name})`));
    g.push(label({ x: x0, y: 27, "font-size": 11, fill: "currentColor" }, `actual token: rank ${s.rank[i]}, p ${formatProb(s.prob[i])}`));
    const color = m === 1 ? pal.model1 : pal.model2;
    g.push(...topkList(marks, s, i, k, actual, data, { x: x0, y: 36, width: colW, color }).parts);
    parts.push(el("g", { class: `topk m${m}` }, g));
  };
  col(1);
  col(2);
  return { width: o.width, height: 36 + k * TOPK_ROW + 20, body: el("g", { class: "lmdiff-topk" }, parts), marks };
}

/** Standalone SVG of the top-k table for token `i`. */
export function topkTable(data: InstanceData, i: number, options: RenderOptionsInput = {}): string {
  const o = renderOptions(options);
  if (!(Number.isInteger(i) && i >= 0 && i < data.tokens.length))
    throw new RangeError(`lmdiff: token index ${i} is out of range (0 to ${data.tokens.length - 1})`);
  return svgRoot(topkTableFigure(data, i, o));
}
