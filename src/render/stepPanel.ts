import { scaleLinear } from "d3-scale";
import { axisBottom, axisLeft } from "./axis.js";
import { markedLine, markedText, type Marks } from "./marks.js";
import type { Palette } from "./palette.js";
import { el } from "./svg.js";

/**
 * The frame of the step plots (stepPlots, over tokens) and the bits plot
 * (bitsPlot, over characters): margins, the height of a panel's title line
 * and of its x axis, and the title's font size.
 */
export const STEP_PANEL = { left: 46, right: 12, title: 18, axis: 20, titleSize: 11 } as const;

/** Where a panel's plots go: `n` steps of width `band` from `left` to `right`, `panelHeight` tall. */
export interface StepPanelLayout {
  /** Steps (tokens or characters). */
  n: number;
  width: number;
  height: number;
  left: number;
  right: number;
  /** Width of one step. */
  band: number;
  panelHeight: number;
}

function indexTicks(n: number, plotWidth: number): number[] {
  if (n === 0) return [];
  // Tokens (characters) are numbered from 1 in labels; ticks at "nice" numbers, about one per 40 units so labels never meet.
  const count = Math.max(2, Math.min(8, n, Math.floor(plotWidth / 40)));
  return scaleLinear()
    .domain([1, Math.max(1, n)])
    .ticks(count)
    .filter((t) => Number.isInteger(t) && t >= 1 && t <= n);
}

/**
 * One panel of step lines with its plotting area's top at `top`: the title
 * above it, a y axis with `yTicks` and faint grid lines at them, an x axis
 * numbering the steps from 1, and (when there are steps) the two models'
 * lines, path data `d` (stepPath), in their colours and dashes.
 */
export function stepPanel(
  marks: Marks,
  L: StepPanelLayout,
  top: number,
  title: string,
  yTicks: readonly { y: number; label: string }[],
  d: readonly [string, string],
  pal: Palette,
): string[] {
  const parts: string[] = [];
  parts.push(
    markedText(marks, { x: L.left, y: top - 6, "font-size": STEP_PANEL.titleSize, "font-weight": 600, fill: "currentColor" }, title),
  );
  parts.push(axisLeft(marks, yTicks, L.left, top, top + L.panelHeight));
  for (const t of yTicks)
    parts.push(markedLine(marks, { x1: L.left, x2: L.right, y1: t.y, y2: t.y, stroke: "currentColor", "stroke-opacity": 0.08 }));
  const xt = indexTicks(L.n, L.right - L.left).map((t) => ({ x: L.left + (t - 1) * L.band + L.band / 2, label: String(t) }));
  parts.push(axisBottom(marks, xt, top + L.panelHeight, L.left, L.right));
  if (L.n > 0)
    for (const m of [1, 2] as const)
      parts.push(
        el("path", {
          class: `m${m}`,
          d: d[m - 1],
          fill: "none",
          stroke: m === 1 ? pal.model1 : pal.model2,
          "stroke-width": 1.5,
          "stroke-dasharray": (m === 1 ? pal.model1Dash : pal.model2Dash) || null,
        }),
      );
  return parts;
}
