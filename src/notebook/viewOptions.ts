import type { Aggregation } from "../core/aggregate.js";
import { isAligned, type AlignedData } from "../core/AlignedData.js";
import { alignedMeasure } from "../core/alignedMeasure.js";
import type { InstanceData } from "../core/InstanceData.js";
import { isByteMeasure, isJointMeasure, jointMeasureMissing, type CorpusMeasure, type Measure } from "../core/measures.js";
import { checkKeys, maybeAggregation, maybeCorpusMeasure, maybeInt, maybeMeasure, maybeOrder, type Order } from "../core/options.js";
import { LmdiffError } from "../core/LmdiffError.js";
import { maybeRankBy, type RankBy } from "../render/renderOptions.js";

/** Options of a one-text view in a notebook. */
export interface InstanceViewOptions {
  /**
   * Measure that colours the tokens (default prob_diff).  The pair
   * measures kl, kl_reverse, js and tv need a text scored by both models
   * together (data.pair); top1_agree works on any text.  Two models with
   * different tokenizers are compared per character: bits_diff (their
   * default), bits_1 or bits_2.
   */
  measure?: Measure;
  /** Width of the static picture in pixels (default 800); the live view fills its cell. */
  width?: number;
}

/** Options of a corpus view in a notebook. */
export interface CorpusViewOptions {
  /**
   * Measure of the histogram and the lists (default prob_diff): a
   * difference measure or a pair measure (kl, kl_reverse, js, tv,
   * top1_agree) whose columns the comparison has; kl, kl_reverse, js and
   * tv only come from a joint run.
   */
  measure?: CorpusMeasure;
  /** Per-text aggregation (default mean). */
  agg?: Aggregation;
  /** Which extremes count as outliers: "abs" (default), "desc" or "asc". */
  order?: Order;
  /**
   * How the texts are ranked: "significance" (default) by the q-value of
   * each text's mean log-probability difference, then |mean / SE|, in two
   * lists, the texts model 1 does better on and those model 2 does; or
   * "raw", by the measure's per-text value as `order` says.  A comparison
   * without the significance columns (logprob_diff_se, logprob_diff_q) is
   * ranked raw, in one list, and the view says so.
   */
  rankBy?: RankBy;
  /**
   * How many outlier texts carry their token data, so they open in the view
   * (default 10: the texts the static picture lists; each costs about as
   * much as the rest of the view, so notebooks stay light).  Long texts
   * count for more: about 30 tokens per text may be embedded in all.
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
const CORPUS_KEYS = ["measure", "agg", "order", "rankBy", "embed", "selected", "width"] as const;

/**
 * Validate a one-text view's options.  HTML options may ride along, since
 * toHTML() takes both in one object.  Given the text's `data`, a joint
 * measure (kl, kl_reverse, js, tv) of a text without the pair measures is
 * refused with the error that says how to get them, and a text read by two
 * tokenizers (AlignedData) takes a byte measure, bits_diff by default.
 */
export function instanceViewOptions(
  input: InstanceViewOptions & HtmlOptions = {},
  data?: InstanceData | AlignedData,
): ResolvedInstanceViewOptions {
  checkKeys("view", input, [...INSTANCE_KEYS, ...HTML_KEYS]);
  if (data && isAligned(data)) {
    // Two tokenizers: a byte measure, bits_diff unless told otherwise; a token measure gets core's error naming the byte measures.
    const measure = maybeMeasure(input.measure, "bits_diff");
    if (!isByteMeasure(measure)) alignedMeasure(data, measure);
    return { measure, width: maybeInt("width", input.width, 800, 200, 4000) };
  }
  const measure = maybeMeasure(input.measure);
  // With the data at hand, a joint measure it lacks is named at once, not drawn blank.
  if (data && isJointMeasure(measure) && !data.pair) throw jointMeasureMissing(measure);
  return { measure, width: maybeInt("width", input.width, 800, 200, 4000) };
}

/** Validate a corpus view's options (HTML options may ride along). */
export function corpusViewOptions(input: CorpusViewOptions & HtmlOptions = {}): ResolvedCorpusViewOptions {
  checkKeys("view", input, [...CORPUS_KEYS, ...HTML_KEYS]);
  return {
    measure: maybeCorpusMeasure(input.measure),
    agg: maybeAggregation(input.agg),
    order: maybeOrder(input.order),
    rankBy: maybeRankBy(input.rankBy),
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
