import { scaleLinear, scaleLog } from "d3-scale";
import type { InstanceData, ModelLabel } from "../core/InstanceData.js";
import { palette } from "./palette.js";
import { renderOptions, type RenderOptions, type RenderOptionsInput } from "./renderOptions.js";
import { emptyMarks, markedText } from "./marks.js";
import { stepKey, stepKeyLayout, type StepKeyItem } from "./stepKey.js";
import { STEP_PANEL, stepPanel, type StepPanelLayout } from "./stepPanel.js";
import { el, num, svgRoot, type Figure } from "./svg.js";

/**
 * Two step plots over token positions, as in the LMdiff instance view:
 * the probability each model gives the actual token (linear, 0..1) and its
 * rank (log scale, rank 1 at the top, capped at maxRank).  In both panels
 * up means better, so the two panels read the same way.  Steps make each
 * token a flat segment of its own width, which lines up with hover.
 */
export interface StepPlotsLayout extends StepPanelLayout {
  /** Top y of each panel's plotting area. */
  panelTop: [number, number];
  /** The model key's items, placed; empty without models. */
  key: StepPlotsKeyItem[];
}

/** One entry of the key: a line sample, then its label. */
export type StepPlotsKeyItem = StepKeyItem;

export const PROB_TITLE = "probability of the actual token";
export const RANK_TITLE = "rank of the actual token (log scale)";

/**
 * Where everything of the step plots goes.  Pass the models to get the
 * key's place and the panels' y positions as stepPlotsFigure draws them (a
 * key too wide for the title line pushes the panels down); without them
 * only the x mapping (stepPlotsIndexAt) is exact.
 */
export function stepPlotsLayout(
  n: number,
  o: Pick<RenderOptions, "width" | "plotHeight">,
  models?: readonly [ModelLabel, ModelLabel],
): StepPlotsLayout {
  const { left, right, title, axis } = STEP_PANEL;
  const ph = o.plotHeight;
  const key = models
    ? stepKeyLayout([`model 1 (${models[0].name})`, `model 2 (${models[1].name})`], PROB_TITLE, o.width)
    : { items: [], top: title };
  const top0 = key.top;
  const top1 = top0 + ph + axis + title;
  return {
    n,
    width: o.width,
    height: top1 + ph + axis,
    left,
    right: o.width - right,
    band: n > 0 ? (o.width - left - right) / n : 0,
    panelHeight: ph,
    panelTop: [top0, top1],
    key: key.items,
  };
}

/** Token index under x (in figure pixels), or -1 outside the plots. */
export function stepPlotsIndexAt(layout: StepPlotsLayout, x: number): number {
  if (layout.n === 0 || x < layout.left || x >= layout.right) return -1;
  return Math.min(layout.n - 1, Math.floor((x - layout.left) / layout.band));
}

function yScales(layout: StepPlotsLayout, maxRank: number) {
  const [t0, t1] = layout.panelTop;
  const ph = layout.panelHeight;
  return {
    prob: scaleLinear()
      .domain([0, 1])
      .range([t0 + ph, t0])
      .clamp(true),
    rank: scaleLog()
      .domain([1, maxRank])
      .range([t1, t1 + ph])
      .clamp(true),
  };
}

/**
 * A step line through the tokens' values as SVG path data: a flat segment
 * per token from its left edge to the next token's, with vertical risers
 * between (d3's curveStepAfter), and a gap where a value is not finite.
 * Written with H and V commands and 2-decimal numbers, which is about half
 * the text of d3-shape's "L x,y" pairs for a 2,000-token text and so
 * quicker to build and for the browser to parse.
 */
export function stepPath(n: number, x: (i: number) => number, y: (i: number) => number): string {
  let d = "";
  let open = false;
  let lastY = 0;
  for (let i = 0; i < n; i++) {
    const yi = y(i);
    if (!Number.isFinite(yi)) {
      open = false;
      continue;
    }
    const ys = num(yi);
    if (!open) {
      d += `M${num(x(i))},${ys}`;
      open = true;
    } else if (yi !== lastY) d += `V${ys}`;
    lastY = yi;
    d += `H${num(x(i + 1))}`;
  }
  return d;
}

export function stepPlotsFigure(data: InstanceData, o: RenderOptions): Figure {
  const n = data.tokens.length;
  const L = stepPlotsLayout(n, o, data.models);
  const { prob, rank } = yScales(L, o.maxRank);
  const pal = palette(o.palette, o.grayscale);
  const marks = emptyMarks();
  const parts: string[] = [];
  const xAt = (i: number) => L.left + i * L.band;
  const probTicks = [0, 0.25, 0.5, 0.75, 1].map((v) => ({ y: prob(v), label: String(v) }));
  const rankTicks: { y: number; label: string }[] = [];
  for (let r = 1; r <= o.maxRank; r *= 10) rankTicks.push({ y: rank(r), label: String(r) });
  if (rankTicks[rankTicks.length - 1].label !== String(o.maxRank)) rankTicks.push({ y: rank(o.maxRank), label: `≥${o.maxRank}` });
  else rankTicks[rankTicks.length - 1].label = `≥${o.maxRank}`;
  const { m1, m2 } = data;
  const capped = (r: number) => Math.min(r, o.maxRank);
  const probLines = [stepPath(n, xAt, (i) => prob(m1.prob[i])), stepPath(n, xAt, (i) => prob(m2.prob[i]))] as const;
  const rankLines = [stepPath(n, xAt, (i) => rank(capped(m1.rank[i]))), stepPath(n, xAt, (i) => rank(capped(m2.rank[i])))] as const;
  parts.push(...stepPanel(marks, L, L.panelTop[0], PROB_TITLE, probTicks, probLines, pal));
  parts.push(...stepPanel(marks, L, L.panelTop[1], RANK_TITLE, rankTicks, rankLines, pal));
  parts.push(...stepKey(marks, L.key, pal));
  if (o.highlight !== null && o.highlight < n) parts.push(stepPlotsHighlight(data, o).body);
  if (n === 0)
    parts.push(markedText(marks, { x: L.left + 8, y: L.panelTop[0] + 20, "font-size": 11, fill: "currentColor" }, "(no tokens)"));
  return { width: L.width, height: L.height, body: el("g", { class: "lmdiff-steps" }, parts), marks };
}

/**
 * Only the marks of the highlighted token (a band over both panels and a
 * dot per model and panel), in the same coordinates as stepPlotsFigure, so
 * that a widget can lay it over the plots on hover instead of re-rendering
 * thousands of steps.
 */
export function stepPlotsHighlight(data: InstanceData, o: RenderOptions): Figure {
  const n = data.tokens.length;
  const L = stepPlotsLayout(n, o, data.models);
  const i = o.highlight;
  if (i === null || i >= n) return { width: L.width, height: L.height, body: "", marks: emptyMarks() };
  const { prob, rank } = yScales(L, o.maxRank);
  const pal = palette(o.palette, o.grayscale);
  const x = L.left + i * L.band;
  const cx = x + L.band / 2;
  const bw = Math.max(L.band, 2);
  const parts: string[] = [];
  for (const top of L.panelTop)
    parts.push(el("rect", { x: cx - bw / 2, y: top, width: bw, height: L.panelHeight, fill: "currentColor", "fill-opacity": 0.15 }));
  const dot = (y: number, color: string) => el("circle", { cx, cy: y, r: 3.5, fill: color, stroke: "#ffffff", "stroke-width": 1 });
  const cap = (r: number) => Math.min(r, o.maxRank);
  const pts: [number, string][] = [
    [prob(data.m1.prob[i]), pal.model1],
    [prob(data.m2.prob[i]), pal.model2],
    [rank(cap(data.m1.rank[i])), pal.model1],
    [rank(cap(data.m2.rank[i])), pal.model2],
  ];
  for (const [y, c] of pts) if (Number.isFinite(y)) parts.push(dot(y, c));
  return { width: L.width, height: L.height, body: el("g", { class: "lmdiff-steps-highlight", "data-i": i }, parts), marks: emptyMarks() };
}

/** Standalone SVG of the two step plots. */
export function stepPlots(data: InstanceData, options: RenderOptionsInput = {}): string {
  return svgRoot(stepPlotsFigure(data, renderOptions(options)));
}
