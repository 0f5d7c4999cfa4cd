import type { ModelLabel } from "../core/InstanceData.js";
import { MEASURE_INFO, type Measure } from "../core/measures.js";
import type { ColorScale } from "../render/colorScale.js";
import { formatValue } from "../render/formatValue.js";
import { legendWords } from "../render/legend.js";
import { el, text, type Figure } from "../render/svg.js";
import { dejavuTextWidth } from "./dejavuMetrics.js";
import { wrapWords } from "./figureFrame.js";
import type { FontKind } from "./fontKind.js";

/**
 * The legend of a paper figure: render's legend (the measure's name, a
 * colour bar with its end and zero values, and what the colours mean in
 * render's legendWords), drawn with the same sizes and colours, except that
 * the sentences wrap to the figure's width and the bar moves under the
 * name when both do not fit on one line.  Render's legendFigure keeps each
 * sentence on one line, which suits an 800-pixel screen view but not a
 * 220-point column.
 */
const BAR_W = 180;
const BAR_H = 10;
const STEPS = 36;

export function figureLegend(
  measure: Measure,
  models: readonly [ModelLabel, ModelLabel],
  scale: ColorScale,
  width: number,
  kind: FontKind = "sans",
): Figure {
  const info = MEASURE_INFO[measure];
  const [lo, hi] = scale.domain;
  const at = (t: number) => (scale.log ? lo * Math.pow(hi / lo, t) : lo + (hi - lo) * t);
  const parts: string[] = [];
  const title = info.label;
  parts.push(text({ x: 0, y: 12, "font-size": 12, "font-weight": 600, fill: "currentColor" }, title));
  const titleW = dejavuTextWidth(title, 12, kind, true);
  const beside = titleW + 12 + BAR_W <= width;
  const barX = beside ? titleW + 12 : 0;
  const barY = beside ? 3 : 20;
  const sw = BAR_W / STEPS;
  for (let s = 0; s < STEPS; s++) {
    const v = at((s + 0.5) / STEPS);
    parts.push(el("rect", { x: barX + s * sw, y: barY, width: sw + 0.3, height: BAR_H, fill: scale.color(v) }));
  }
  parts.push(el("rect", { x: barX, y: barY, width: BAR_W, height: BAR_H, fill: "none", stroke: "currentColor", "stroke-opacity": 0.4 }));
  const tickY = barY + 23;
  const tick = (x: number, label: string, anchor: string) =>
    text({ x, y: tickY, "font-size": 10, "text-anchor": anchor, fill: "currentColor" }, label);
  parts.push(tick(barX, formatValue(lo), "start"), tick(barX + BAR_W, formatValue(hi), "end"));
  if (scale.kind === "diverging") parts.push(tick(barX + BAR_W / 2, "0", "middle"));
  let y = tickY + 16;
  for (const sentence of legendWords(measure, models, scale)) {
    // Continuation lines are indented so that each sentence reads as one item.
    const lines = wrapWords(sentence, width - 10, 11, kind);
    lines.forEach((line, j) => {
      parts.push(text({ x: j === 0 ? 0 : 10, y, "font-size": 11, fill: "currentColor" }, line));
      y += 14;
    });
  }
  return { width, height: y - 6, body: el("g", { class: "lmdiff-legend" }, parts) };
}
