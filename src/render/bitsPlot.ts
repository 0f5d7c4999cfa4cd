import { scaleLinear } from "d3-scale";
import type { AlignedData } from "../core/AlignedData.js";
import { alignedModelName } from "./alignedLegend.js";
import { alignedRenderOptions } from "./alignedOptions.js";
import { formatValue } from "./formatValue.js";
import { emptyMarks, markedText } from "./marks.js";
import { palette } from "./palette.js";
import type { RenderOptions, RenderOptionsInput } from "./renderOptions.js";
import { stepKey, stepKeyLayout, type StepKeyItem } from "./stepKey.js";
import { STEP_PANEL, stepPanel, type StepPanelLayout } from "./stepPanel.js";
import { stepPath } from "./stepPlots.js";
import { el, svgRoot, type Figure } from "./svg.js";

/**
 * Each model's bits on every character of the text, as two step lines in
 * the models' colours over character positions: the byte-aligned
 * counterpart of the token views' step plots.  Down is better (fewer
 * bits).  A masked model's line is its pseudo-log-likelihood, and the
 * title and key say so.
 */
export interface BitsPlotLayout extends StepPanelLayout {
  /** Top y of the plotting area. */
  top: number;
  /** The key's items: a line sample from x, then its label, on baseline y. */
  key: StepKeyItem[];
  title: string;
}

/** The plot's title: what is drawn, and (the key says whose) that a masked model's bits are pseudo-bits. */
export function bitsPlotTitle(data: AlignedData): string {
  const masked = data.sides.some((s) => s.scoring === "masked");
  return masked ? "bits per character (PLL: pseudo-bits)" : "bits per character";
}

/**
 * Where the plot's parts go, in the token step plots' frame: the key
 * right-aligned on the title line when it fits there, else on rows of its
 * own above the title (stepKeyLayout).
 */
export function bitsPlotLayout(data: AlignedData, o: Pick<RenderOptions, "width" | "plotHeight">): BitsPlotLayout {
  const n = data.chars.length;
  const right = o.width - STEP_PANEL.right;
  const title = bitsPlotTitle(data);
  const key = stepKeyLayout([alignedModelName(data, 0), alignedModelName(data, 1)], title, o.width);
  return {
    n,
    width: o.width,
    height: key.top + o.plotHeight + STEP_PANEL.axis,
    left: STEP_PANEL.left,
    right,
    band: n > 0 ? (right - STEP_PANEL.left) / n : 0,
    top: key.top,
    panelHeight: o.plotHeight,
    key: key.items,
    title,
  };
}

/** Character index under x (in figure units), or -1 outside the plot. */
export function bitsPlotIndexAt(L: BitsPlotLayout, x: number): number {
  if (L.n === 0 || x < L.left || x >= L.right) return -1;
  return Math.min(L.n - 1, Math.floor((x - L.left) / L.band));
}

function yScale(data: AlignedData, L: BitsPlotLayout) {
  let max = 0;
  for (const a of [data.bits1, data.bits2]) for (const v of a) if (Number.isFinite(v) && v > max) max = v;
  return scaleLinear()
    .domain([0, max > 0 ? max : 1])
    .range([L.top + L.panelHeight, L.top])
    .nice();
}

export function bitsPlotFigure(data: AlignedData, o: RenderOptions): Figure {
  const L = bitsPlotLayout(data, o);
  const y = yScale(data, L);
  const pal = palette(o.palette, o.grayscale);
  const marks = emptyMarks();
  const parts: string[] = [];
  const xAt = (i: number) => L.left + i * L.band;
  const yt = y.ticks(4).map((t) => ({ y: y(t), label: formatValue(t) }));
  const lines = [stepPath(L.n, xAt, (i) => y(data.bits1[i])), stepPath(L.n, xAt, (i) => y(data.bits2[i]))] as const;
  parts.push(...stepPanel(marks, L, L.top, L.title, yt, lines, pal));
  if (L.n === 0) parts.push(markedText(marks, { x: L.left + 8, y: L.top + 20, "font-size": 11, fill: "currentColor" }, "(empty text)"));
  parts.push(...stepKey(marks, L.key, pal));
  if (o.highlight !== null && o.highlight < L.n) parts.push(bitsPlotHighlight(data, o).body);
  return { width: L.width, height: L.height, body: el("g", { class: "lmdiff-bits-plot" }, parts), marks };
}

/**
 * Only the marks of the highlighted character (o.highlight): a band and a
 * dot per model, in the plot's coordinates, for a widget to lay over the
 * plot on hover instead of redrawing it.
 */
export function bitsPlotHighlight(data: AlignedData, o: RenderOptions): Figure {
  const L = bitsPlotLayout(data, o);
  const c = o.highlight;
  if (c === null || c >= L.n) return { width: L.width, height: L.height, body: "", marks: emptyMarks() };
  const y = yScale(data, L);
  const pal = palette(o.palette, o.grayscale);
  const cx = L.left + (c + 0.5) * L.band;
  const bw = Math.max(L.band, 2);
  const parts = [el("rect", { x: cx - bw / 2, y: L.top, width: bw, height: L.panelHeight, fill: "currentColor", "fill-opacity": 0.15 })];
  for (const [v, color] of [
    [data.bits1[c], pal.model1],
    [data.bits2[c], pal.model2],
  ] as const)
    if (Number.isFinite(v)) parts.push(el("circle", { cx, cy: y(v), r: 3.5, fill: color, stroke: "#ffffff", "stroke-width": 1 }));
  return { width: L.width, height: L.height, body: el("g", { class: "lmdiff-bits-highlight", "data-c": c }, parts), marks: emptyMarks() };
}

/** Standalone SVG of the bits plot. */
export function bitsPlot(data: AlignedData, options: RenderOptionsInput = {}): string {
  return svgRoot(bitsPlotFigure(data, alignedRenderOptions(data, options)));
}
