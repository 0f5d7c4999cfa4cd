import type { Aggregation } from "../core/aggregate.js";
import { LmdiffError } from "../core/LmdiffError.js";
import type { Measure } from "../core/measures.js";
import { keyword, maybeAggregation, maybeInt, maybeMeasure, maybeOrder, type Order } from "../core/options.js";

/**
 * Every renderer takes one options object, normalised here and nowhere
 * else, so that the CLI's figure export, the notebook and the widgets all
 * reject bad values with the same message and share the same defaults.
 */
export const PALETTES = ["rdbu", "puor"] as const;
export type PaletteName = (typeof PALETTES)[number];

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
  /** Height of each step plot panel in pixels. */
  plotHeight: number;
}

export type RenderOptionsInput = Partial<Record<keyof RenderOptions, unknown>>;

export function maybeNumber(name: string, v: unknown, fallback: number, min = -Infinity, max = Infinity): number {
  if (v === undefined || v === null) return fallback;
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isFinite(n) || n < min || n > max)
    throw new LmdiffError(
      `invalid ${name} ${JSON.stringify(v)} (expected a number${min > -Infinity ? ` from ${min}` : ""}${max < Infinity ? ` to ${max}` : ""})`,
      "bad-option",
    );
  return n;
}

export function maybeBoolean(name: string, v: unknown, fallback: boolean): boolean {
  if (v === undefined || v === null) return fallback;
  if (typeof v === "boolean") return v;
  if (v === "true" || v === "false") return v === "true";
  throw new LmdiffError(`invalid ${name} ${JSON.stringify(v)} (expected true or false)`, "bad-option");
}

/** A [lo, hi] pair of finite numbers (swapped into order), or null. */
export function maybeRange(name: string, v: unknown): [number, number] | null {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === "number" && Number.isFinite(x))) {
    const [a, b] = v as number[];
    return a <= b ? [a, b] : [b, a];
  }
  throw new LmdiffError(`invalid ${name} ${JSON.stringify(v)} (expected [low, high] numbers or null)`, "bad-option");
}

/** Normalise loose render options; an already normalised object passes through unchanged in value. */
export function renderOptions(input: RenderOptionsInput = {}): RenderOptions {
  if (input === null || typeof input !== "object")
    throw new LmdiffError(`invalid render options ${JSON.stringify(input)} (expected an object)`, "bad-option");
  const known = new Set<string>([
    "measure", "palette", "grayscale", "width", "fontSize", "maxRank", "highlight", "domainMax",
    "bins", "outliers", "brush", "agg", "order", "plotHeight",
  ]);
  for (const k of Object.keys(input))
    if (!known.has(k)) throw new LmdiffError(`unknown render option "${k}" (expected one of ${[...known].join(", ")})`, "bad-option");
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
    plotHeight: maybeNumber("plotHeight", input.plotHeight, 110, 40, 2000),
  };
}

