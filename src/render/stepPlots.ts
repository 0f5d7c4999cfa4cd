import { scaleLinear, scaleLog } from "d3-scale";
import type { InstanceData, ModelLabel } from "../core/InstanceData.js";
import { axisBottom, axisLeft } from "./axis.js";
import { labelWidth } from "./labelWidth.js";
import { palette, type Palette } from "./palette.js";
import { renderOptions, type RenderOptions, type RenderOptionsInput } from "./renderOptions.js";
import { emptyMarks, markedLine, markedText, type Marks } from "./marks.js";
import { el, num, svgRoot, type Figure } from "./svg.js";

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
  /** The model key's items, placed; empty without models. */
  key: StepPlotsKeyItem[];
}

/** One entry of the key: a line sample from x to x + KEY_LINE, then its label. */
export interface StepPlotsKeyItem {
  model: 1 | 2;
  label: string;
  x: number;
  /** Baseline of the label. */
  y: number;
}

const LEFT = 46;
const RIGHT = 12;
const TITLE = 18;
const AXIS = 20;
const TITLE_SIZE = 11;
const KEY_SIZE = 10;
const KEY_LINE = 16;
/** Between a key item's line and its label, and between two items. */
const KEY_PAD = 4;
const KEY_GAP = 12;
/** Height of a line of the key when it does not fit beside the first panel's title. */
const KEY_ROW = 14;

export const PROB_TITLE = "probability of the actual token";
export const RANK_TITLE = "rank of the actual token (log scale)";

/**
 * Place the key: right-aligned on the first panel's title line when it
 * fits there with a gap, else on rows of its own above the title (one row
 * when it fits the width, else one item per row).  Widths come from
 * labelWidth (DejaVu Sans advances), and each label is anchored at its
 * start right after its line sample, so a line always sits next to its own
 * label whatever font the viewer has.
 */
function keyLayout(models: readonly [ModelLabel, ModelLabel] | undefined, width: number): { items: StepPlotsKeyItem[]; rows: number } {
  if (!models) return { items: [], rows: 0 };
  const right = width - RIGHT;
  const entries = ([1, 2] as const).map((m) => {
    const label = `model ${m} (${models[m - 1].name})`;
    return { model: m, label, w: KEY_LINE + KEY_PAD + labelWidth(label, KEY_SIZE) };
  });
  const total = entries[0].w + KEY_GAP + entries[1].w;
  const titleRight = LEFT + labelWidth(PROB_TITLE, TITLE_SIZE, true);
  const titleY = TITLE - 6;
  if (right - total >= titleRight + KEY_GAP) {
    let x = right - total;
    return {
      items: entries.map((e) => {
        const it = { model: e.model, label: e.label, x, y: titleY };
        x += e.w + KEY_GAP;
        return it;
      }),
      rows: 0,
    };
  }
  if (total <= right) {
    let x = Math.max(0, right - total);
    return {
      items: entries.map((e) => {
        const it = { model: e.model, label: e.label, x, y: titleY };
        x += e.w + KEY_GAP;
        return it;
      }),
      rows: 1,
    };
  }
  return { items: entries.map((e, j) => ({ model: e.model, label: e.label, x: 0, y: titleY + j * KEY_ROW })), rows: 2 };
}

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
  const ph = o.plotHeight;
  const key = keyLayout(models, o.width);
  const top0 = TITLE + key.rows * KEY_ROW;
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

function indexTicks(n: number, plotWidth: number): number[] {
  if (n === 0) return [];
  // Tokens are numbered from 1 in labels; ticks at "nice" token numbers, about one per 40 units so labels never meet.
  const count = Math.max(2, Math.min(8, n, Math.floor(plotWidth / 40)));
  return scaleLinear()
    .domain([1, Math.max(1, n)])
    .ticks(count)
    .filter((t) => Number.isInteger(t) && t >= 1 && t <= n);
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

function drawKey(L: StepPlotsLayout, pal: Palette, marks: Marks): string[] {
  const parts: string[] = [];
  for (const k of L.key) {
    const color = k.model === 1 ? pal.model1 : pal.model2;
    const dash = k.model === 1 ? pal.model1Dash : pal.model2Dash;
    parts.push(
      markedLine(marks, {
        x1: k.x,
        x2: k.x + KEY_LINE,
        y1: k.y - 3.5,
        y2: k.y - 3.5,
        stroke: color,
        "stroke-width": 2,
        "stroke-dasharray": dash || null,
      }),
    );
    parts.push(markedText(marks, { x: k.x + KEY_LINE + KEY_PAD, y: k.y, "font-size": KEY_SIZE, fill: "currentColor" }, k.label));
  }
  return parts;
}

export function stepPlotsFigure(data: InstanceData, o: RenderOptions): Figure {
  const n = data.tokens.length;
  const L = stepPlotsLayout(n, o, data.models);
  const { prob, rank } = yScales(L, o.maxRank);
  const pal = palette(o.palette, o.grayscale);
  const marks = emptyMarks();
  const parts: string[] = [];
  const xAt = (i: number) => L.left + i * L.band;
  const xt = indexTicks(n, L.right - L.left).map((t) => ({ x: xAt(t - 1) + L.band / 2, label: String(t) }));
  const panel = (k: 0 | 1, title: string, ticks: { y: number; label: string }[], d1: string, d2: string) => {
    const top = L.panelTop[k];
    parts.push(markedText(marks, { x: L.left, y: top - 6, "font-size": TITLE_SIZE, "font-weight": 600, fill: "currentColor" }, title));
    parts.push(axisLeft(marks, ticks, L.left, top, top + L.panelHeight));
    for (const t of ticks)
      parts.push(markedLine(marks, { x1: L.left, x2: L.right, y1: t.y, y2: t.y, stroke: "currentColor", "stroke-opacity": 0.08 }));
    parts.push(axisBottom(marks, xt, top + L.panelHeight, L.left, L.right));
    if (n > 0) {
      parts.push(
        el("path", {
          class: "m1",
          d: d1,
          fill: "none",
          stroke: pal.model1,
          "stroke-width": 1.5,
          "stroke-dasharray": pal.model1Dash || null,
        }),
      );
      parts.push(
        el("path", {
          class: "m2",
          d: d2,
          fill: "none",
          stroke: pal.model2,
          "stroke-width": 1.5,
          "stroke-dasharray": pal.model2Dash || null,
        }),
      );
    }
  };
  const probTicks = [0, 0.25, 0.5, 0.75, 1].map((v) => ({ y: prob(v), label: String(v) }));
  const rankTicks: { y: number; label: string }[] = [];
  for (let r = 1; r <= o.maxRank; r *= 10) rankTicks.push({ y: rank(r), label: String(r) });
  if (rankTicks[rankTicks.length - 1].label !== String(o.maxRank)) rankTicks.push({ y: rank(o.maxRank), label: `≥${o.maxRank}` });
  else rankTicks[rankTicks.length - 1].label = `≥${o.maxRank}`;
  const { m1, m2 } = data;
  const capped = (r: number) => Math.min(r, o.maxRank);
  panel(
    0,
    PROB_TITLE,
    probTicks,
    stepPath(n, xAt, (i) => prob(m1.prob[i])),
    stepPath(n, xAt, (i) => prob(m2.prob[i])),
  );
  panel(
    1,
    RANK_TITLE,
    rankTicks,
    stepPath(n, xAt, (i) => rank(capped(m1.rank[i]))),
    stepPath(n, xAt, (i) => rank(capped(m2.rank[i]))),
  );
  parts.push(...drawKey(L, pal, marks));
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
