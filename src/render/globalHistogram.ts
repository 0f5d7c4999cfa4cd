import { scaleLinear } from "d3-scale";
import type { CorpusData } from "../core/CorpusData.js";
import { MEASURE_INFO } from "../core/measures.js";
import { topIndices } from "../core/topIndices.js";
import { axisBottom, axisLeft } from "./axis.js";
import { binBars } from "./binBars.js";
import { valueDomain } from "./binValues.js";
import { centredBins } from "./centredBins.js";
import { colorScale, type ColorScale } from "./colorScale.js";
import { countScale, countTicks } from "./countScale.js";
import { corpusValues } from "./corpusValues.js";
import { formatValue } from "./formatValue.js";
import { labelWidth } from "./labelWidth.js";
import { renderOptions, type RenderOptions, type RenderOptionsInput } from "./renderOptions.js";
import { singleValue } from "./singleValue.js";
import { emptyMarks, markedLine, markedText } from "./marks.js";
import { el, svgRoot, type Figure } from "./svg.js";
import { wrapLines } from "./wrapLines.js";

/**
 * The LMdiff global view's histogram (Strobelt et al., 2021, Fig. 2): the
 * distribution of one per-document aggregate over the corpus, each bar
 * coloured by the diverging scale at its centre, and thin black stripes at
 * the values of the top-N outliers so that the extremes stay visible even
 * when their bars are one pixel high.  A brushed range is drawn as a
 * translucent band.
 */
export interface GlobalHistogramLayout {
  domain: [number, number];
  left: number;
  right: number;
  top: number;
  plotHeight: number;
  width: number;
  height: number;
  /** The caption under the axis, broken into lines that fit the width. */
  caption: string[];
}

const LEFT = 48;
const RIGHT = 12;
const TOP = 8;

const CAPTION_SIZE = 11;
const CAPTION_LINE = 14;

/** What the histogram shows, in words: measure, aggregation, counts, and what the stripes are. */
function captionText(values: ArrayLike<number>, o: RenderOptions): string {
  let skipped = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) skipped++;
  const counted = values.length - skipped;
  const only = singleValue(values);
  return (
    `${MEASURE_INFO[o.measure].label}, ${o.agg.replace("_", " ")} per text · ${counted} texts` +
    (only !== null && counted > 1 ? ` (all are ${formatValue(only)})` : "") +
    (skipped ? ` (${skipped} without a value)` : "") +
    (o.outliers ? ` · stripes: top ${Math.min(o.outliers, counted)} (${o.order})` : "")
  );
}

export function globalHistogramLayout(values: ArrayLike<number>, o: RenderOptions): GlobalHistogramLayout {
  const symmetric = MEASURE_INFO[o.measure].kind === "diverging";
  // The caption wraps in a narrow figure, between its "·"-separated parts first.
  const caption = wrapLines(captionText(values, o), o.width - RIGHT - LEFT, (s) => labelWidth(s, CAPTION_SIZE), " · ");
  return {
    domain: valueDomain(values, symmetric),
    left: LEFT,
    right: o.width - RIGHT,
    top: TOP,
    plotHeight: o.plotHeight,
    width: o.width,
    height: TOP + o.plotHeight + 48 + (caption.length - 1) * CAPTION_LINE,
    caption,
  };
}

/** Value at figure x, clamped to the domain (for brushing). */
export function globalHistogramValueAt(L: GlobalHistogramLayout, x: number): number {
  return scaleLinear().domain([L.left, L.right]).range(L.domain).clamp(true)(x);
}

export function globalHistogramScale(values: ArrayLike<number>, o: RenderOptions): ColorScale {
  let k = 1;
  for (let i = 0; i < values.length; i++) if (values[i] > k) k = values[i];
  return colorScale(o.measure, values, o, Math.ceil(k));
}

export function globalHistogramFigure(data: CorpusData, o: RenderOptions, values = corpusValues(data, o)): Figure {
  const L = globalHistogramLayout(values, o);
  const scale = globalHistogramScale(values, o);
  const [lo, hi] = L.domain;
  // All texts have the same value (e.g. 0 for two identical models): one bar centred on it, where it fits.
  const bins = centredBins(values, lo, hi, o.bins, singleValue(values));
  const x = scaleLinear().domain([lo, hi]).range([L.left, L.right]);
  const y = countScale(bins.counts, L.top + L.plotHeight, L.top);
  const marks = emptyMarks();
  const parts: string[] = [];
  if (o.brush) {
    const [b0, b1] = o.brush.map((v) => x(Math.min(hi, Math.max(lo, v))));
    parts.push(
      el("rect", {
        class: "brush",
        x: b0,
        y: L.top,
        width: Math.max(1, b1 - b0),
        height: L.plotHeight,
        fill: "currentColor",
        "fill-opacity": 0.12,
        stroke: "currentColor",
        "stroke-opacity": 0.5,
      }),
    );
  }
  parts.push(...binBars(bins, x, y, scale));
  // Outlier stripes are black, as in the paper, whatever the theme.
  const top = topIndices(values, o.outliers, o.order);
  for (const i of top) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    parts.push(
      markedLine(marks, {
        class: "outlier",
        "data-doc": data.index[i],
        x1: x(v),
        x2: x(v),
        y1: L.top,
        y2: L.top + L.plotHeight,
        stroke: "#000000",
        "stroke-width": 1,
      }),
    );
  }
  parts.push(
    axisBottom(
      marks,
      x.ticks(7).map((t) => ({ x: x(t), label: formatValue(t) })),
      L.top + L.plotHeight,
      L.left,
      L.right,
    ),
  );
  parts.push(axisLeft(marks, countTicks(y), L.left, L.top, L.top + L.plotHeight));
  L.caption.forEach((line, j) =>
    parts.push(
      markedText(
        marks,
        { x: L.left, y: L.top + L.plotHeight + 34 + j * CAPTION_LINE, "font-size": CAPTION_SIZE, fill: "currentColor" },
        line,
      ),
    ),
  );
  return { width: L.width, height: L.height, body: el("g", { class: "lmdiff-global-histogram" }, parts), marks };
}

/** Standalone SVG of the global histogram. */
export function globalHistogram(data: CorpusData, options: RenderOptionsInput = {}): string {
  return svgRoot(globalHistogramFigure(data, renderOptions(options)));
}
