import type { AlignedData } from "../core/AlignedData.js";
import { labelWidth, type LabelFont } from "./labelWidth.js";
import { emptyMarks, markedText } from "./marks.js";
import { palette } from "./palette.js";
import type { RenderOptions } from "./renderOptions.js";
import { el, type Figure } from "./svg.js";
import { wrapLines } from "./wrapLines.js";

/**
 * Each model's bits per byte of the text, in words: its total surprisal
 * over the text's UTF-8 bytes, the one number of two tokenizers that can
 * be compared (per token it cannot: their tokens differ).  A masked
 * model's total is a pseudo-log-likelihood and is called pseudo-bits (PLL).
 */
export function bitsPerByteLine(data: AlignedData, side: 0 | 1): string {
  const s = data.sides[side];
  const total = side === 0 ? data.total1 : data.total2;
  const bpb = data.bytes > 0 ? total / data.bytes : NaN;
  const unit = s.scoring === "masked" ? "pseudo-bits" : "bits";
  const masked = s.scoring === "masked" ? " (PLL)" : "";
  return (
    `model ${side + 1}: ${data.models[side].name}, ${Number.isFinite(bpb) ? bpb.toFixed(3) : "n/a"} ${unit} per byte${masked}` +
    ` · ${total.toFixed(1)} ${unit} over ${data.bytes} bytes in ${s.tokens.length} tokens`
  );
}

const SIZE = 11;
const LINE = 15;
const CHIP = 10;

/**
 * The head of an aligned figure: a line per model in its colour with its
 * bits per byte, then a muted line saying that the comparison is on
 * bytes, each wrapped to the width.
 */
export function alignedHeaderFigure(
  data: AlignedData,
  o: Pick<RenderOptions, "width" | "palette" | "grayscale">,
  font: LabelFont = "sans",
): Figure {
  const pal = palette(o.palette, o.grayscale);
  const marks = emptyMarks();
  const parts: string[] = [];
  let y = 11;
  const indent = CHIP + 5;
  for (const side of [0, 1] as const) {
    const color = side === 0 ? pal.model1 : pal.model2;
    parts.push(
      el("rect", {
        x: 0,
        y: y - 9,
        width: CHIP,
        height: CHIP,
        fill: color,
        stroke: "currentColor",
        "stroke-opacity": 0.4,
        "stroke-dasharray": side === 1 && pal.grayscale ? "2 1" : null,
      }),
    );
    wrapLines(bitsPerByteLine(data, side), o.width - indent, (l) => labelWidth(l, SIZE, false, font), " · ").forEach((line) => {
      parts.push(markedText(marks, { class: `bpb m${side + 1}`, x: indent, y, "font-size": SIZE, fill: "currentColor" }, line));
      y += LINE;
    });
  }
  const note = `different tokenizers: compared on the text's ${data.bytes} bytes (${data.chars.length} characters); each token's bits are spread over its bytes`;
  wrapLines(note, o.width, (l) => labelWidth(l, 10, false, font)).forEach((line) => {
    parts.push(markedText(marks, { x: 0, y, "font-size": 10, fill: "currentColor", "fill-opacity": 0.7 }, line));
    y += 13;
  });
  return { width: o.width, height: y - 9, body: el("g", { class: "lmdiff-aligned-header" }, parts), marks };
}
