import type { ModelLabel } from "../core/InstanceData.js";
import { MEASURE_INFO, type Measure } from "../core/measures.js";
import type { ColorScale } from "./colorScale.js";
import { formatValue } from "./formatValue.js";
import { el, text, type Figure } from "./svg.js";
import { labelWidth } from "./labelWidth.js";

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
  const name = info.model === 1 ? a : b;
  return info.higherIsBetter
    ? [`darker: model ${info.model} (${name}) gives the actual token a higher probability`]
    : [`darker: model ${info.model} (${name}) ranks the actual token better (log scale)`];
}

const BAR_W = 180;
const BAR_H = 10;
const STEPS = 36;

/** A colour bar with end and zero ticks, the measure's label, and the words. */
export function legendFigure(
  measure: Measure,
  models: readonly [ModelLabel, ModelLabel],
  scale: ColorScale,
  width: number,
): Figure {
  const info = MEASURE_INFO[measure];
  const [lo, hi] = scale.domain;
  const at = (t: number) => (scale.log ? lo * Math.pow(hi / lo, t) : lo + (hi - lo) * t);
  const parts: string[] = [];
  const title = info.label;
  parts.push(text({ x: 0, y: 12, "font-size": 12, "font-weight": 600, fill: "currentColor" }, title));
  const barX = Math.min(labelWidth(title, 12, true) + 12, width - BAR_W);
  const sw = BAR_W / STEPS;
  for (let s = 0; s < STEPS; s++) {
    const v = at((s + 0.5) / STEPS);
    parts.push(el("rect", { x: barX + s * sw, y: 3, width: sw + 0.3, height: BAR_H, fill: scale.color(v) }));
  }
  parts.push(el("rect", { x: barX, y: 3, width: BAR_W, height: BAR_H, fill: "none", stroke: "currentColor", "stroke-opacity": 0.4 }));
  const tick = (x: number, label: string, anchor: string) =>
    text({ x, y: 26, "font-size": 10, "text-anchor": anchor, fill: "currentColor" }, label);
  parts.push(tick(barX, formatValue(lo), "start"), tick(barX + BAR_W, formatValue(hi), "end"));
  if (scale.kind === "diverging") parts.push(tick(barX + BAR_W / 2, "0", "middle"));
  const words = legendWords(measure, models, scale);
  let y = 42;
  for (const w of words) {
    parts.push(text({ x: 0, y, "font-size": 11, fill: "currentColor" }, w));
    y += 14;
  }
  return { width, height: y - 6, body: el("g", { class: "lmdiff-legend" }, parts) };
}
