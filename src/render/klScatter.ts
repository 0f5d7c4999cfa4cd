import { scaleLinear } from "d3-scale";
import type { CorpusData } from "../core/CorpusData.js";
import { jointMeasureMissing } from "../core/measures.js";
import { axisBottom, axisLeft } from "./axis.js";
import { corpusSignificance, SIGNIFICANCE_LEVEL, significantModel } from "./corpusSignificance.js";
import { formatValue } from "./formatValue.js";
import { labelWidth } from "./labelWidth.js";
import { emptyMarks, markedLine, markedText } from "./marks.js";
import { palette } from "./palette.js";
import { renderOptions, type RenderOptions, type RenderOptionsInput } from "./renderOptions.js";
import { el, escapeXml, svgRoot, type Figure } from "./svg.js";
import { valueDomain } from "./binValues.js";
import { wrapLines } from "./wrapLines.js";

/**
 * A scatter plot of the texts of a corpus: how far apart the two models'
 * predictions are on a text (its mean KL(P₁‖P₂), y) against which model
 * predicts its actual tokens better (its mean log-probability difference,
 * x: left of 0 model 1, right of it model 2).  A text can be far apart in
 * distribution (high up) whether or not either model is better on its
 * actual tokens (near 0), which neither histogram shows.  Points are
 * coloured by the model that is significantly better on the text (q-value
 * under SIGNIFICANCE_LEVEL), grey otherwise.  It needs a joint run: the
 * kl_mean column exists only for those.
 */
export interface KlScatterLayout {
  width: number;
  height: number;
  left: number;
  right: number;
  /** Top and bottom of the plotting area. */
  top: number;
  bottom: number;
  /** Value domains of the x (mean Δ log-probability) and y (mean KL) axes. */
  xDomain: [number, number];
  yDomain: [number, number];
  /** Each row's point in figure pixels; NaN for a text without both values. */
  px: Float64Array;
  py: Float64Array;
  /** Each row's colour class: 1 or 2 when that model is significantly better, else 0. */
  side: Uint8Array;
  /** The key's items, placed; the caption's lines. */
  key: { side: 0 | 1 | 2; label: string; x: number; y: number }[];
  /** The labels under the x axis's two ends: which side is which model's. */
  sides: [string, string];
  caption: string[];
}

const LEFT = 48;
const RIGHT = 12;
const TITLE = 18;
const KEY_ROW = 16;
const AXIS = 34;
const CAPTION_LINE = 14;
/** The row of the side labels under the tick labels. */
const SIDES = 14;
const R = 3;
/** Beyond this many texts points carry no <title> tooltip, which would double the figure's elements. */
const MAX_TITLES = 2000;

export const KL_SCATTER_TITLE = "mean KL(P₁‖P₂) per text, nats";

/** The key's entries flowing left to right under the title, wrapping like words. */
function keyItems(models: CorpusData["models"], significance: boolean, width: number) {
  const level = `q < ${SIGNIFICANCE_LEVEL}`;
  const entries: { side: 0 | 1 | 2; label: string }[] = significance
    ? [
        { side: 1, label: `model 1 (${models[0].name}) better, ${level}` },
        { side: 2, label: `model 2 (${models[1].name}) better, ${level}` },
        { side: 0, label: "not significant" },
      ]
    : [{ side: 0, label: "a text (not coloured: no significance columns)" }];
  const items: KlScatterLayout["key"] = [];
  let x = LEFT;
  let y = TITLE + KEY_ROW - 2;
  for (const e of entries) {
    const w = 12 + labelWidth(e.label, 10);
    if (x > LEFT && x + w > width - RIGHT) {
      x = LEFT;
      y += KEY_ROW;
    }
    items.push({ ...e, x, y });
    x += w + 14;
  }
  return items;
}

/** Where everything of the scatter goes, points included, so that a widget can find the text under the pointer. */
export function klScatterLayout(data: CorpusData, o: Pick<RenderOptions, "width" | "plotHeight">): KlScatterLayout {
  const kl = data.values.kl_mean;
  const delta = data.values.logprob_diff_mean;
  if (!kl) throw jointMeasureMissing("kl");
  const sig = corpusSignificance(data);
  const n = kl.length;
  const key = keyItems(data.models, sig !== null, o.width);
  const top = key[key.length - 1].y + 12;
  const bottom = top + o.plotHeight;
  // Symmetric about 0, so that left and right of the middle are the two models; 5% of room so no point sits on an axis.
  const [xlo, xhi] = valueDomain(delta ?? [], true);
  const xDomain: [number, number] = [xlo * 1.05, xhi * 1.05];
  const ymax = valueDomain(kl, false)[1];
  const y = scaleLinear()
    .domain([0, ymax > 0 ? ymax * 1.05 : 1])
    .nice();
  const yDomain = y.domain() as [number, number];
  y.range([bottom, top]);
  const x = scaleLinear()
    .domain(xDomain)
    .range([LEFT, o.width - RIGHT]);
  const px = new Float64Array(n);
  const py = new Float64Array(n);
  const side = new Uint8Array(n);
  let shown = 0;
  for (let i = 0; i < n; i++) {
    const dx = delta ? delta[i] : NaN;
    const ok = Number.isFinite(dx) && Number.isFinite(kl[i]);
    px[i] = ok ? x(dx) : NaN;
    py[i] = ok ? y(kl[i]) : NaN;
    side[i] = sig ? significantModel(sig, i) : 0;
    if (ok) shown++;
  }
  const captionText =
    `mean log-probability difference per text (log p₂ − log p₁, nats) · ${shown} texts` +
    (shown < n ? ` (${n - shown} without both values)` : "");
  const caption = wrapLines(captionText, o.width - LEFT - RIGHT, (s) => labelWidth(s, 11), " · ");
  return {
    width: o.width,
    height: bottom + AXIS + SIDES + (caption.length - 1) * CAPTION_LINE + 4,
    left: LEFT,
    right: o.width - RIGHT,
    top,
    bottom,
    xDomain,
    yDomain,
    px,
    py,
    side,
    key,
    sides: sideLabels(data.models, o.width - LEFT - RIGHT),
    caption,
  };
}

/** Which side of the x axis is which model, with the names when both fit the width. */
function sideLabels(models: CorpusData["models"], room: number): [string, string] {
  const named: [string, string] = [`← model 1 (${models[0].name}) better`, `model 2 (${models[1].name}) better →`];
  const fits = labelWidth(named[0], 10) + labelWidth(named[1], 10) + 16 <= room;
  return fits ? named : ["← model 1 better", "model 2 better →"];
}

/** The row of the point nearest figure point (x, y) within `radius` pixels, or -1. */
export function klScatterRowAt(L: KlScatterLayout, x: number, y: number, radius = 8): number {
  let best = -1;
  let bestD = radius * radius;
  for (let i = 0; i < L.px.length; i++) {
    const dx = L.px[i] - x;
    const dy = L.py[i] - y;
    const d = dx * dx + dy * dy;
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

export function klScatterFigure(data: CorpusData, o: RenderOptions, L: KlScatterLayout = klScatterLayout(data, o)): Figure {
  const pal = palette(o.palette, o.grayscale);
  const marks = emptyMarks();
  const parts: string[] = [];
  const x = scaleLinear().domain(L.xDomain).range([L.left, L.right]);
  const y = scaleLinear().domain(L.yDomain).range([L.bottom, L.top]);
  parts.push(markedText(marks, { x: L.left, y: TITLE - 6, "font-size": 11, "font-weight": 600, fill: "currentColor" }, KL_SCATTER_TITLE));
  // A point's look by its class: the model's colour, grey when not significant.  In grayscale model 2's points are hollow.
  const look = (s: number) =>
    s === 1
      ? { fill: pal.model1, stroke: "#ffffff", "stroke-width": 0.5 }
      : s === 2
        ? pal.grayscale
          ? { fill: "#ffffff", stroke: pal.model2, "stroke-width": 1.5 }
          : { fill: pal.model2, stroke: "#ffffff", "stroke-width": 0.5 }
        : { fill: "currentColor", "fill-opacity": 0.3 };
  for (const k of L.key) {
    parts.push(el("circle", { cx: k.x + 4, cy: k.y - 3.5, r: R + 0.5, ...look(k.side) }));
    parts.push(markedText(marks, { x: k.x + 12, y: k.y, "font-size": 10, fill: "currentColor" }, k.label));
  }
  const yt = y.ticks(4).map((t) => ({ y: y(t), label: formatValue(t) }));
  for (const t of yt)
    parts.push(markedLine(marks, { x1: L.left, x2: L.right, y1: t.y, y2: t.y, stroke: "currentColor", "stroke-opacity": 0.08 }));
  parts.push(axisLeft(marks, yt, L.left, L.top, L.bottom));
  parts.push(
    axisBottom(
      marks,
      x.ticks(7).map((t) => ({ x: x(t), label: formatValue(t) })),
      L.bottom,
      L.left,
      L.right,
    ),
  );
  // The line of no difference: left of it model 1 does better, right of it model 2.
  parts.push(
    markedLine(marks, {
      class: "zero",
      x1: x(0),
      x2: x(0),
      y1: L.top,
      y2: L.bottom,
      stroke: "currentColor",
      "stroke-opacity": 0.4,
      "stroke-dasharray": "3 3",
    }),
  );
  const n = L.px.length;
  const titles = n <= MAX_TITLES;
  const dots: string[][] = [[], [], []];
  const kl = data.values.kl_mean;
  const delta = data.values.logprob_diff_mean;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(L.px[i])) continue;
    const s = L.side[i];
    const tip = titles
      ? el("title", {}, escapeXml(`text #${data.index[i]}: Δ log-prob ${formatValue(delta[i])}, KL ${formatValue(kl[i])}`))
      : "";
    dots[s].push(el("circle", { class: `pt s${s}`, "data-doc": data.index[i], cx: L.px[i], cy: L.py[i], r: R, ...look(s) }, tip));
  }
  // Grey first, so the significant texts are drawn on top.
  parts.push(el("g", { class: "points" }, [...dots[0], ...dots[1], ...dots[2]]));
  const sideY = L.bottom + 28;
  parts.push(markedText(marks, { x: L.left, y: sideY, "font-size": 10, fill: "currentColor", "fill-opacity": 0.8 }, L.sides[0]));
  parts.push(
    markedText(
      marks,
      { x: L.right, y: sideY, "font-size": 10, "text-anchor": "end", fill: "currentColor", "fill-opacity": 0.8 },
      L.sides[1],
    ),
  );
  L.caption.forEach((line, j) =>
    parts.push(markedText(marks, { x: L.left, y: sideY + 16 + j * CAPTION_LINE, "font-size": 11, fill: "currentColor" }, line)),
  );
  return { width: L.width, height: L.height, body: el("g", { class: "lmdiff-kl-scatter" }, parts), marks };
}

/** Standalone SVG of the KL scatter of a corpus (it needs the kl_mean column of a joint run). */
export function klScatter(data: CorpusData, options: RenderOptionsInput = {}): string {
  const o = renderOptions({ plotHeight: 220, ...options });
  return svgRoot(klScatterFigure(data, o));
}
