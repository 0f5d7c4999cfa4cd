import type { Aggregation } from "../core/aggregate.js";
import type { DiffMeasure, Measure } from "../core/measures.js";
import { checkKeys, maybeAggregation, maybeDiffMeasure, maybeInt, maybeMeasure, maybeOrder, type Order } from "../core/options.js";
import { LmdiffError } from "../core/LmdiffError.js";

/** Options of a one-text view in a notebook. */
export interface InstanceViewOptions {
  /** Measure that colours the tokens (default prob_diff). */
  measure?: Measure;
  /** Width of the static picture in pixels (default 800); the live view fills its cell. */
  width?: number;
}

/** Options of a corpus view in a notebook. */
export interface CorpusViewOptions {
  /** Difference measure of the histogram and the outlier list (default prob_diff). */
  measure?: DiffMeasure;
  /** Per-text aggregation (default mean). */
  agg?: Aggregation;
  /** Which extremes count as outliers: "abs" (default), "desc" or "asc". */
  order?: Order;
  /**
   * How many outlier texts carry their token data, so they open in the view
   * (default 10: the texts the static picture lists; each costs about as
   * much as the rest of the view, so notebooks stay light).
   */
  embed?: number;
  /** Corpus index of a text to show below the global view (the combined view), or null. */
  selected?: number | null;
  /** Width of the static picture in pixels (default 800). */
  width?: number;
}

/** Options of toHTML(). */
export interface HtmlOptions {
  /** A whole HTML document that opens offline in a browser, instead of a fragment. */
  standalone?: boolean;
  /** Title of the standalone document. */
  title?: string;
}

export type ResolvedInstanceViewOptions = Required<InstanceViewOptions>;
export type ResolvedCorpusViewOptions = Required<CorpusViewOptions>;

/** How many of the most extreme texts a corpus view embeds by default. */
export const DEFAULT_EMBED = 10;

const HTML_KEYS = ["standalone", "title"] as const;
const INSTANCE_KEYS = ["measure", "width"] as const;
const CORPUS_KEYS = ["measure", "agg", "order", "embed", "selected", "width"] as const;

/**
 * Validate a one-text view's options.  HTML options may ride along, since
 * toHTML() takes both in one object.
 */
export function instanceViewOptions(input: InstanceViewOptions & HtmlOptions = {}): ResolvedInstanceViewOptions {
  checkKeys("view", input, [...INSTANCE_KEYS, ...HTML_KEYS]);
  return { measure: maybeMeasure(input.measure), width: maybeInt("width", input.width, 800, 200, 4000) };
}

/** Validate a corpus view's options (HTML options may ride along). */
export function corpusViewOptions(input: CorpusViewOptions & HtmlOptions = {}): ResolvedCorpusViewOptions {
  checkKeys("view", input, [...CORPUS_KEYS, ...HTML_KEYS]);
  return {
    measure: maybeDiffMeasure(input.measure),
    agg: maybeAggregation(input.agg),
    order: maybeOrder(input.order),
    embed: maybeInt("embed", input.embed, DEFAULT_EMBED, 0, 10_000),
    selected: input.selected === null || input.selected === undefined ? null : maybeInt("selected", input.selected, 0, 0),
    width: maybeInt("width", input.width, 800, 200, 4000),
  };
}

/** Validate toHTML()'s own options. */
export function htmlOptions(input: HtmlOptions = {}): Required<HtmlOptions> {
  if (input.standalone !== undefined && typeof input.standalone !== "boolean")
    throw new LmdiffError(`invalid standalone ${JSON.stringify(input.standalone)} (expected true or false)`, "bad-option");
  if (input.title !== undefined && typeof input.title !== "string")
    throw new LmdiffError(`invalid title ${JSON.stringify(input.title)} (expected a string)`, "bad-option");
  return { standalone: input.standalone ?? false, title: input.title ?? "LMdiff" };
}
