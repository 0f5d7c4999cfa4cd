import type { ColorScale } from "./colorScale.js";
import { formatValue } from "./formatValue.js";
import { labelWidth, type LabelFont } from "./labelWidth.js";
import { emptyMarks, markedText, type Marks } from "./marks.js";
import { el, type Figure } from "./svg.js";
import { wrapLines } from "./wrapLines.js";

const BAR_W = 180;
const BAR_H = 10;
const STEPS = 36;

/**
 * A legend: a title (the measure's name), a colour bar with its end and
 * zero values, and sentences that say what the colours mean (legendWords,
 * alignedLegendWords).  The bar sits beside the title, or under it when
 * both do not fit on one line, and each sentence wraps to the width,
 * continuation lines indented so that it reads as one item: the same
 * legend serves an 800-pixel live view and a 220-point paper column.  A
 * binary scale gets a swatch per value instead of the bar.  `font` is the
 * label font the widths are measured in (a paper figure may be set in
 * serif).
 */
export function colorLegend(title: string, words: readonly string[], scale: ColorScale, width: number, font: LabelFont): Figure {
  const [lo, hi] = scale.domain;
  const at = (t: number) => (scale.log ? lo * Math.pow(hi / lo, t) : lo + (hi - lo) * t);
  const marks = emptyMarks();
  const parts: string[] = [];
  parts.push(markedText(marks, { x: 0, y: 12, "font-size": 12, "font-weight": 600, fill: "currentColor" }, title));
  const titleW = labelWidth(title, 12, true, font);
  const beside = titleW + 12 + BAR_W <= width;
  const barX = beside ? titleW + 12 : 0;
  const barY = beside ? 3 : 20;
  if (scale.binary) return binaryLegend(words, scale, width, font, marks, parts, barX, barY);
  const sw = BAR_W / STEPS;
  for (let s = 0; s < STEPS; s++) {
    const v = at((s + 0.5) / STEPS);
    parts.push(el("rect", { x: barX + s * sw, y: barY, width: sw + 0.3, height: BAR_H, fill: scale.color(v) }));
  }
  parts.push(el("rect", { x: barX, y: barY, width: BAR_W, height: BAR_H, fill: "none", stroke: "currentColor", "stroke-opacity": 0.4 }));
  const tickY = barY + 23;
  const tick = (x: number, label: string, anchor: string) =>
    markedText(marks, { x, y: tickY, "font-size": 10, "text-anchor": anchor, fill: "currentColor" }, label);
  parts.push(tick(barX, formatValue(lo), "start"), tick(barX + BAR_W, formatValue(hi), "end"));
  if (scale.kind === "diverging") parts.push(tick(barX + BAR_W / 2, "0", "middle"));
  return sentences(words, width, font, marks, parts, tickY + 16);
}

/**
 * The legend of a two-valued measure (top1_agree over one text): a swatch
 * per value with its meaning, since a colour bar would promise values in
 * between that cannot occur.
 */
function binaryLegend(
  words: readonly string[],
  scale: ColorScale,
  width: number,
  font: LabelFont,
  marks: Marks,
  parts: string[],
  x0: number,
  y0: number,
): Figure {
  let x = x0;
  for (const [v, label] of [
    [0, "0: different"],
    [1, "1: same"],
  ] as const) {
    parts.push(el("rect", { x, y: y0, width: BAR_H, height: BAR_H, fill: scale.color(v), stroke: "currentColor", "stroke-opacity": 0.4 }));
    parts.push(markedText(marks, { x: x + BAR_H + 4, y: y0 + 9, "font-size": 10, fill: "currentColor" }, label));
    x += BAR_H + 4 + labelWidth(label, 10, false, font) + 14;
  }
  return sentences(words, width, font, marks, parts, y0 + BAR_H + 20);
}

/** The sentences from baseline y down, each wrapped to the width, and the finished figure. */
function sentences(words: readonly string[], width: number, font: LabelFont, marks: Marks, parts: string[], y: number): Figure {
  for (const sentence of words) {
    const lines = wrapLines(sentence, width - 10, (line) => labelWidth(line, 11, false, font));
    lines.forEach((line, j) => {
      parts.push(markedText(marks, { x: j === 0 ? 0 : 10, y, "font-size": 11, fill: "currentColor" }, line));
      y += 14;
    });
  }
  return { width, height: y - 6, body: el("g", { class: "lmdiff-legend" }, parts), marks };
}
