import type { InstanceData } from "../core/InstanceData.js";
import { palette } from "./palette.js";
import { formatProb } from "./formatValue.js";
import { renderOptions, type RenderOptions, type RenderOptionsInput } from "./renderOptions.js";
import { emptyMarks, markedText } from "./marks.js";
import { el, svgRoot, type Attrs, type Figure } from "./svg.js";
import { MONO_FONT } from "./tokenStrip.js";
import { textCells } from "./textWidth.js";

/** A vocabulary string for a top-k list, with spaces and newlines made visible (␣, ↵). */
export function topkTokenText(data: InstanceData, id: number): string {
  const s = data.vocab[id];
  if (s === undefined) return `⟨${id}⟩`;
  return s.replace(/ /g, "␣").replace(/\n/g, "↵").replace(/\t/g, "⇥");
}

/** Cut a string to at most `cells` display cells, marking the cut with …. */
function clip(s: string, cells: number): string {
  if (textCells(s) <= cells) return s;
  let out = "";
  for (const ch of s) {
    if (textCells(out + ch) > cells - 1) break;
    out += ch;
  }
  return out + "…";
}

const ROW = 17;

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
  const tokenCells = Math.max(4, Math.floor((colW - 150) / 7.2));
  const col = (m: 1 | 2) => {
    const s = m === 1 ? data.m1 : data.m2;
    const color = m === 1 ? pal.model1 : pal.model2;
    const x0 = (m - 1) * colW;
    const g: string[] = [];
    g.push(label({ x: x0, y: 12, "font-size": 12, "font-weight": 600, fill: "currentColor" }, `model ${m} (${data.models[m - 1].name})`));
    g.push(label({ x: x0, y: 27, "font-size": 11, fill: "currentColor" }, `actual token: rank ${s.rank[i]}, p ${formatProb(s.prob[i])}`));
    let inTop = false;
    for (let r = 0; r < k; r++) {
      const id = s.topkIds[i * k + r];
      const p = s.topkProbs[i * k + r];
      const y = 36 + r * ROW;
      const isActual = id === actual;
      inTop ||= isActual;
      const row: string[] = [];
      if (isActual) row.push(el("rect", { x: x0, y, width: colW - 8, height: ROW - 1, fill: color, "fill-opacity": 0.18 }));
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
          clip(topkTokenText(data, id), tokenCells),
        ),
      );
      const barX = x0 + colW - 116;
      row.push(
        el("rect", {
          x: barX,
          y: y + 3,
          width: Math.max(0.5, 60 * Math.min(1, Math.max(0, p))),
          height: ROW - 7,
          fill: color,
          "stroke-dasharray": null,
        }),
      );
      row.push(label({ x: x0 + colW - 10, y: y + 12, "font-size": 11, "text-anchor": "end", fill: "currentColor" }, formatProb(p)));
      g.push(el("g", { class: isActual ? "topk-row actual" : "topk-row", "data-rank": r + 1 }, row));
    }
    if (!inTop) {
      const y = 36 + k * ROW + 12;
      g.push(
        label(
          { class: "not-in-topk", x: x0 + 4, y, "font-size": 11, fill: "currentColor", "font-style": "italic" },
          `▶ ${clip(topkTokenText(data, actual), tokenCells)} is not in the top ${k} (rank ${s.rank[i]})`,
        ),
      );
    }
    parts.push(el("g", { class: `topk m${m}` }, g));
  };
  col(1);
  col(2);
  return { width: o.width, height: 36 + k * ROW + 20, body: el("g", { class: "lmdiff-topk" }, parts), marks };
}

/** Standalone SVG of the top-k table for token `i`. */
export function topkTable(data: InstanceData, i: number, options: RenderOptionsInput = {}): string {
  const o = renderOptions(options);
  if (!(Number.isInteger(i) && i >= 0 && i < data.tokens.length))
    throw new RangeError(`lmdiff: token index ${i} is out of range (0 to ${data.tokens.length - 1})`);
  return svgRoot(topkTableFigure(data, i, o));
}
