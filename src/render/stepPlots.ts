import { scaleLinear, scaleLog } from "d3-scale";
import { curveStepAfter, line } from "d3-shape";
import type { InstanceData } from "../core/InstanceData.js";
import { axisBottom, axisLeft } from "./axis.js";
import { palette } from "./palette.js";
import { renderOptions, type RenderOptions, type RenderOptionsInput } from "./renderOptions.js";
import { el, svgRoot, text, type Figure } from "./svg.js";
import { textWidth } from "./textWidth.js";

/**
 * Two step plots over token positions, as in the LMdiff instance view:
 * the probability each model gives the actual token (linear, 0..1) and its
 * rank (log scale, rank 1 at the top, capped at maxRank).  In both panels
 * up means better, so the two panels read the same way.  Steps make each
 * token a flat segment of its own width, which lines up with hover.
 */
export interface StepPlotsLayout {
  n: number;
  width: number;
  height: number;
  left: number;
  right: number;
  /** Width of one token's step. */
  band: number;
  panelHeight: number;
  /** Top y of each panel's plotting area. */
  panelTop: [number, number];
}

const LEFT = 46;
const RIGHT = 12;
const TITLE = 18;
const AXIS = 20;

export function stepPlotsLayout(n: number, o: Pick<RenderOptions, "width" | "plotHeight">): StepPlotsLayout {
  const ph = o.plotHeight;
  const top0 = TITLE;
  const top1 = top0 + ph + AXIS + TITLE;
  return {
    n,
    width: o.width,
    height: top1 + ph + AXIS,
    left: LEFT,
    right: o.width - RIGHT,
    band: n > 0 ? (o.width - LEFT - RIGHT) / n : 0,
    panelHeight: ph,
    panelTop: [top0, top1],
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
    prob: scaleLinear().domain([0, 1]).range([t0 + ph, t0]).clamp(true),
    rank: scaleLog().domain([1, maxRank]).range([t1, t1 + ph]).clamp(true),
  };
}

function indexTicks(n: number): number[] {
  if (n === 0) return [];
  // Tokens are numbered from 1 in labels; ticks at "nice" token numbers.
  return scaleLinear().domain([1, Math.max(1, n)]).ticks(Math.min(8, n)).filter((t) => Number.isInteger(t) && t >= 1 && t <= n);
}

export function stepPlotsFigure(data: InstanceData, o: RenderOptions): Figure {
  const n = data.tokens.length;
  const L = stepPlotsLayout(n, o);
  const { prob, rank } = yScales(L, o.maxRank);
  const pal = palette(o.palette, o.grayscale);
  const parts: string[] = [];
  const xAt = (i: number) => L.left + i * L.band;
  const path = (get: (i: number) => number, y: (v: number) => number) => {
    // One extra point closes the last token's step.
    const idx = Array.from({ length: n + (n > 0 ? 1 : 0) }, (_, i) => i);
    const ln = line<number>()
      .defined((i) => Number.isFinite(get(Math.min(i, n - 1))))
      .x((i) => xAt(i))
      .y((i) => y(get(Math.min(i, n - 1))))
      .curve(curveStepAfter)
      .digits(2);
    return ln(idx) ?? "";
  };
  const panel = (k: 0 | 1, title: string, ticks: { y: number; label: string }[], d1: string, d2: string) => {
    const top = L.panelTop[k];
    parts.push(text({ x: L.left, y: top - 6, "font-size": 11, "font-weight": 600, fill: "currentColor" }, title));
    parts.push(axisLeft(ticks, L.left, top, top + L.panelHeight));
    for (const t of ticks)
      parts.push(el("line", { x1: L.left, x2: L.right, y1: t.y, y2: t.y, stroke: "currentColor", "stroke-opacity": 0.08 }));
    const xt = indexTicks(n).map((t) => ({ x: xAt(t - 1) + L.band / 2, label: String(t) }));
    parts.push(axisBottom(xt, top + L.panelHeight, L.left, L.right));
    if (n > 0) {
      parts.push(el("path", { class: "m1", d: d1, fill: "none", stroke: pal.model1, "stroke-width": 1.5, "stroke-dasharray": pal.model1Dash || null }));
      parts.push(el("path", { class: "m2", d: d2, fill: "none", stroke: pal.model2, "stroke-width": 1.5, "stroke-dasharray": pal.model2Dash || null }));
    }
  };
  const probTicks = [0, 0.25, 0.5, 0.75, 1].map((v) => ({ y: prob(v), label: String(v) }));
  const rankTicks: { y: number; label: string }[] = [];
  for (let r = 1; r <= o.maxRank; r *= 10) rankTicks.push({ y: rank(r), label: String(r) });
  if (rankTicks[rankTicks.length - 1].label !== String(o.maxRank)) rankTicks.push({ y: rank(o.maxRank), label: `≥${o.maxRank}` });
  else rankTicks[rankTicks.length - 1].label = `≥${o.maxRank}`;
  panel(0, "probability of the actual token", probTicks, path((i) => data.m1.prob[i], prob), path((i) => data.m2.prob[i], prob));
  const capped = (r: number) => Math.min(r, o.maxRank);
  panel(1, "rank of the actual token (log scale)", rankTicks, path((i) => capped(data.m1.rank[i]), rank), path((i) => capped(data.m2.rank[i]), rank));
  // Key: which line is which model.
  const keyY = L.panelTop[0] - 6;
  const keyX = L.right;
  const key = [
    { label: `model 2 (${data.models[1].name})`, color: pal.model2, dash: pal.model2Dash },
    { label: `model 1 (${data.models[0].name})`, color: pal.model1, dash: pal.model1Dash },
  ];
  let kx = keyX;
  for (const k of key) {
    const w = textWidth(k.label, 10);
    parts.push(text({ x: kx, y: keyY, "font-size": 10, "text-anchor": "end", fill: "currentColor" }, k.label));
    kx -= w + 4;
    parts.push(el("line", { x1: kx - 16, x2: kx, y1: keyY - 3.5, y2: keyY - 3.5, stroke: k.color, "stroke-width": 2, "stroke-dasharray": k.dash || null }));
    kx -= 26;
  }
  if (o.highlight !== null && o.highlight < n) parts.push(stepPlotsHighlight(data, o).body);
  if (n === 0) parts.push(text({ x: L.left + 8, y: L.panelTop[0] + 20, "font-size": 11, fill: "currentColor" }, "(no tokens)"));
  return { width: L.width, height: L.height, body: el("g", { class: "lmdiff-steps" }, parts) };
}

/**
 * Only the marks of the highlighted token (a band over both panels and a
 * dot per model and panel), in the same coordinates as stepPlotsFigure, so
 * that a widget can lay it over the plots on hover instead of re-rendering
 * thousands of steps.
 */
export function stepPlotsHighlight(data: InstanceData, o: RenderOptions): Figure {
  const n = data.tokens.length;
  const L = stepPlotsLayout(n, o);
  const i = o.highlight;
  if (i === null || i >= n) return { width: L.width, height: L.height, body: "" };
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
  return { width: L.width, height: L.height, body: el("g", { class: "lmdiff-steps-highlight", "data-i": i }, parts) };
}

/** Standalone SVG of the two step plots. */
export function stepPlots(data: InstanceData, options: RenderOptionsInput = {}): string {
  return svgRoot(stepPlotsFigure(data, renderOptions(options)));
}
