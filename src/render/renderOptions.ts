import type { Aggregation } from "../core/aggregate.js";
import type { Measure } from "../core/measures.js";
import {
  checkKeys,
  keyword,
  maybeAggregation,
  maybeBoolean,
  maybeInt,
  maybeMeasure,
  maybeNumber,
  maybeOrder,
  maybeRange,
  type Order,
} from "../core/options.js";

/**
 * Every renderer takes one options object, normalised here and nowhere
 * else, so that the CLI's figure export, the notebook and the widgets all
 * reject bad values with the same message and share the same defaults.
 */
export const PALETTES = ["rdbu", "puor"] as const;
export type PaletteName = (typeof PALETTES)[number];

/**
 * How the global view orders its texts: "raw" by the per-text aggregate
 * (the most extreme first, as `order` says), or "significance" by the
 * q-value of the text's mean log-probability difference, then by
 * |mean / standard error|, so that a short text with one wild token does
 * not push the consistent differences out of the list.
 */
export const RANK_BY = ["raw", "significance"] as const;
export type RankBy = (typeof RANK_BY)[number];

/** A RankBy; "significance" when undefined (views fall back to "raw" for data without significance columns, and say so). */
export const maybeRankBy = (v: unknown, fallback: RankBy = "significance"): RankBy =>
  v === undefined || v === null ? fallback : keyword("rankBy", v, RANK_BY);

export interface RenderOptions {
  /** Measure that colours tokens and histograms. */
  measure: Measure;
  /** Diverging palette: "rdbu" (red = model 1, blue = model 2) or "puor" (orange / purple). */
  palette: PaletteName;
  /** Grey fills only; the sign is carried by a dashed outline (model 2 side) instead of hue. */
  grayscale: boolean;
  /** Figure width in pixels. */
  width: number;
  /** Font size of token text in pixels. */
  fontSize: number;
  /** Ranks above this are drawn at the cap in the rank plot and the grey rank scale. */
  maxRank: number;
  /** Token index to highlight, or null. */
  highlight: number | null;
  /** Fixed half-width of the diverging colour domain; null for the robust maximum of the data. */
  domainMax: number | null;
  /** Number of histogram bins. */
  bins: number;
  /** Number of outlier stripes in the global histogram. */
  outliers: number;
  /** A brushed value range [lo, hi] of the global histogram, or null. */
  brush: [number, number] | null;
  /** Per-document aggregation of the global view. */
  agg: Aggregation;
  /** Which extremes the global view lists. */
  order: Order;
  /** How the global view ranks texts: "raw" (by the aggregate) or "significance" (by q-value, then |mean / SE|). */
  rankBy: RankBy;
  /** Height of each step plot panel in pixels. */
  plotHeight: number;
}

export type RenderOptionsInput = Partial<Record<keyof RenderOptions, unknown>>;

/** Normalise loose render options; an already normalised object passes through unchanged in value. */
export function renderOptions(input: RenderOptionsInput = {}): RenderOptions {
  checkKeys("render", input, [
    "measure",
    "palette",
    "grayscale",
    "width",
    "fontSize",
    "maxRank",
    "highlight",
    "domainMax",
    "bins",
    "outliers",
    "brush",
    "agg",
    "order",
    "rankBy",
    "plotHeight",
  ]);
  return {
    measure: maybeMeasure(input.measure),
    palette: input.palette === undefined ? "rdbu" : keyword("palette", input.palette, PALETTES),
    grayscale: maybeBoolean("grayscale", input.grayscale, false),
    width: maybeNumber("width", input.width, 800, 120, 20000),
    fontSize: maybeNumber("fontSize", input.fontSize, 14, 6, 72),
    maxRank: maybeInt("maxRank", input.maxRank, 1000, 2),
    highlight: input.highlight === null || input.highlight === undefined ? null : maybeInt("highlight", input.highlight, 0, 0),
    domainMax:
      input.domainMax === null || input.domainMax === undefined ? null : maybeNumber("domainMax", input.domainMax, 1, Number.MIN_VALUE),
    bins: maybeInt("bins", input.bins, 40, 1, 1000),
    outliers: maybeInt("outliers", input.outliers, 10, 0, 10000),
    brush: maybeRange("brush", input.brush),
    agg: input.agg === undefined ? "mean" : maybeAggregation(input.agg),
    order: maybeOrder(input.order),
    rankBy: maybeRankBy(input.rankBy),
    plotHeight: maybeNumber("plotHeight", input.plotHeight, 110, 40, 2000),
  };
}
