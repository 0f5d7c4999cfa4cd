import type { ModelLabel } from "../core/InstanceData.js";
import { isJointMeasure, MEASURE_INFO, type JointMeasure, type Measure } from "../core/measures.js";
import type { ColorScale } from "./colorScale.js";
import { formatValue } from "./formatValue.js";
import { labelWidth, type LabelFont } from "./labelWidth.js";
import { emptyMarks, markedText, type Marks } from "./marks.js";
import { el, type Figure } from "./svg.js";
import { wrapLines } from "./wrapLines.js";

/**
 * What the colours mean, in words, because a red/blue bar alone does not
 * say which model is which or what "better" means for the measure.
 */
export function legendWords(measure: Measure, models: readonly [ModelLabel, ModelLabel], scale: ColorScale): string[] {
  const info = MEASURE_INFO[measure];
  const p = scale.palette;
  const [a, b] = [models[0].name, models[1].name];
  const rankLike = measure === "rank_diff" || measure === "clamped_rank_diff";
  if (info.model1BetterWhen !== "none") {
    const what = rankLike ? "ranks the actual token better" : "gives the actual token a higher probability";
    return [`${p.model1Word}: model 1 (${a}) ${what}`, `${p.model2Word}: model 2 (${b}) ${what}`];
  }
  if (measure === "entropy_diff") {
    return p.grayscale
      ? [`solid: model 2 (${b}) is less certain than model 1 (${a})`, `dashed: model 2 (${b}) is more certain`]
      : [`brown: model 2 (${b}) is less certain than model 1 (${a})`, `teal: model 2 (${b}) is more certain`];
  }
  if (measure === "topk_diff") return [`darker: the two models share fewer of their top-k predictions`];
  if (measure === "top1_agree")
    return scale.binary
      ? [`${p.grayscale ? "grey" : "green"}: the two models' most likely tokens differ`, `white: both models predict the same token first`]
      : [`darker: the two models' most likely tokens differ more often`];
  if (isJointMeasure(measure)) return [`darker: the two models' predicted distributions differ more (${PAIR_WORDS[measure]})`];
  const name = info.model === 1 ? a : b;
  return info.higherIsBetter
    ? [`darker: model ${info.model} (${name}) gives the actual token a higher probability`]
    : [`darker: model ${info.model} (${name}) ranks the actual token better (log scale)`];
}

/** What each joint measure's numbers are, for the legend's sentence. */
const PAIR_WORDS: Record<JointMeasure, string> = {
  kl: "KL(P₁‖P₂), in nats",
  kl_reverse: "KL(P₂‖P₁), in nats",
  js: "Jensen–Shannon, in bits, 0 to 1",
  tv: "total variation, 0 to 1",
};

const BAR_W = 180;
const BAR_H = 10;
const STEPS = 36;

/**
 * The legend: the measure's name, a colour bar with its end and zero
 * values, and what the colours mean in legendWords.  The bar sits beside
 * the name, or under it when both do not fit on one line, and each
 * sentence wraps to the width, continuation lines indented so that it
 * reads as one item: the same legend serves an 800-pixel live view and a
 * 220-point paper column.  `font` is the label font the widths are
 * measured in (a paper figure may be set in serif).
 */
export function legendFigure(
  measure: Measure,
  models: readonly [ModelLabel, ModelLabel],
  scale: ColorScale,
  width: number,
  font: LabelFont = "sans",
): Figure {
  const info = MEASURE_INFO[measure];
  const [lo, hi] = scale.domain;
  const at = (t: number) => (scale.log ? lo * Math.pow(hi / lo, t) : lo + (hi - lo) * t);
  const marks = emptyMarks();
  const parts: string[] = [];
  const title = info.label;
  parts.push(markedText(marks, { x: 0, y: 12, "font-size": 12, "font-weight": 600, fill: "currentColor" }, title));
  const titleW = labelWidth(title, 12, true, font);
  const beside = titleW + 12 + BAR_W <= width;
  const barX = beside ? titleW + 12 : 0;
  const barY = beside ? 3 : 20;
  if (scale.binary) return binaryLegend(measure, models, scale, width, font, marks, parts, barX, barY);
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
  return sentences(measure, models, scale, width, font, marks, parts, tickY + 16);
}

/**
 * The legend of a two-valued measure (top1_agree over one text): a swatch
 * per value with its meaning, since a colour bar would promise values in
 * between that cannot occur.
 */
function binaryLegend(
  measure: Measure,
  models: readonly [ModelLabel, ModelLabel],
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
  return sentences(measure, models, scale, width, font, marks, parts, y0 + BAR_H + 20);
}

/** legendWords' sentences from baseline y down, each wrapped to the width, and the finished figure. */
function sentences(
  measure: Measure,
  models: readonly [ModelLabel, ModelLabel],
  scale: ColorScale,
  width: number,
  font: LabelFont,
  marks: Marks,
  parts: string[],
  y: number,
): Figure {
  for (const sentence of legendWords(measure, models, scale)) {
    const lines = wrapLines(sentence, width - 10, (line) => labelWidth(line, 11, false, font));
    lines.forEach((line, j) => {
      parts.push(markedText(marks, { x: j === 0 ? 0 : 10, y, "font-size": 11, fill: "currentColor" }, line));
      y += 14;
    });
  }
  return { width, height: y - 6, body: el("g", { class: "lmdiff-legend" }, parts), marks };
}
